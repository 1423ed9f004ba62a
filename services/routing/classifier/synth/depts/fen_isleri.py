CODE = "fen-isleri"

_ROAD = "{yol|asfalt|cadde|sokak|yolumuz|sokağımızın asfaltı|ara sokak|ana yol|köy yolu|bağlantı yolu}"
_HOLE = "{çukur|çukurlar|delik|yol çökmesi|büyük bir çukur|kocaman bir çukur|göçük}"
_LAMP = "{sokak lambası|sokak lambaları|aydınlatma direği|lamba|direkteki lamba|sokak aydınlatması|aydınlatma|ampul|lambalar}"
_WALK = "{kaldırım|kaldırımlar|parke taşları|kilit taşları|bordür taşları|kaldırım taşları|yaya yolu}"

COMPLAINT = [
    f"$YER {_ROAD} {{çok bozuk|delik deşik|çukur dolu|yamalı bohça gibi|dökülüyor|bozuldu}}, {{araçlar zor geçiyor|arabanın altı vuruyor|lastik patlattık|her gün kaza oluyor}}.",
    f"{_HOLE} var $YER, $SURE {{kimse kapatmadı|öyle duruyor|bekliyoruz|büyüyor}}[, {{gece görünmüyor|araba lastiğim patladı|jantım eğrildi|motosikletli düştü}}].",
    f"{_LAMP} $SURE yanmıyor[, $YER][, {{akşam her yer karanlık|çocuklar karanlıkta eve dönüyor|hırsızlık oluyor|kadınlar sokağa çıkamıyor}}].",
    f"{_LAMP} {{gündüz yanıyor gece sönüyor|sürekli yanıp sönüyor|bir yanıyor bir sönüyor|yarısı yanmıyor}}[, $YER].",
    "aydınlatma direği {yamulmuş|devrilmek üzere|eğilmiş|çarpılmış}[, kablolar {açıkta|sarkıyor|yere değiyor}][, $YER].",
    f"{_WALK} {{yerinden oynamış|sökülmüş|kırık|çökmüş|kabarmış|yok}}[, {{yaşlılar düşüyor|tökezliyoruz|bebek arabası geçmiyor|yayalar yoldan yürüyor}}][, $YER].",
    "$YER yol çalışması {yarım bırakıldı|bitmedi|$SURE devam ediyor|başladı bitmedi}[, {toz toprak içindeyiz|çamurdan geçilmiyor|iş makineleri öyle duruyor|malzemeler yolda}].",
    "{doğalgaz|fiber|elektrik|telefon} için {yolu|sokağı|kaldırımı} kazdılar {kapatmadılar|öylece bıraktılar|yama yapmadılar}[, $SURE öyle].",
    "kar {yağdı|yağalı 2 gün oldu} {bizim sokak|yokuş|mahalle|ara sokaklar} {açılmadı|temizlenmedi|küredi}[, {araçlar çıkamıyor|hastaya ambulans gelemedi|işe gidemiyoruz}].",
    "{yokuşa|yola|sokağa|köprüye} {tuz|kum|tuz ve kum} atılmadı[, {buz pisti gibi|araçlar kayıyor|yaşlılar düşüyor|sabah kaza oldu}].",
    "{greyder|kar küreme aracı|tuzlama aracı|kürüme aracı} {bizim sokağa|ara sokaklara|köyümüze|mahalleye} {hiç uğramadı|girmiyor|gelmedi}.",
    "{kasis|hız kesici|hız tümseği} {çok yüksek|standart dışı|işaretsiz|boyasız} yapılmış[, aracın altı sürtüyor][, $YER].",
    "{köprünün|üst geçidin|alt geçidin|yaya köprüsünün} {korkulukları kırık|merdivenleri kırık|korkuluğu yok|lambaları yanmıyor|basamakları kırılmış}.",
    "{istinat duvarı|yol kenarındaki duvar} {yıkılmak üzere|çatladı|kaydı}[, yola taş düşüyor].",
    "yeni {dökülen|yapılan|atılan} asfalt {bir ayda bozuldu|dalgalandı|çöktü|yine delik deşik oldu}[, bu nasıl işçilik][, paramız sokağa gidiyor].",
    "{yağmur yağınca|her yağmurda} yol {göle dönüyor|çamur deryası oluyor} çünkü {yolun eğimi yanlış|asfalt çukur|yol kotu bozuk}.",
    "stabilize yol {bozuldu|çamur oldu|toz kaldırıyor}[, köye çıkan yol][, traktör bile zor geçiyor].",
    "{yol|sokak} {asfaltlanmadı|hâlâ toprak|hala asfaltsız}[, yıllardır bekliyoruz].",
    "{mıcır|çakıl} {yola saçılmış|silindirlenmedi|camlara sıçrıyor}.",
    "{merdivenli sokağın|sokak merdiveninin} basamakları {kırık|dökülüyor}[, tırabzan yok].",
    "{yaya geçidine|kaldırıma} {rampa yapılmamış|rampa yok}, tekerlekli sandalye {geçemiyor|inemiyor}.",
]
REQUEST = [
    f"{_LAMP} {{değiştirilsin|yenilensin|tamir edilsin|yaptırılsın}}[ lütfen][, $YER].",
    "sokağımıza {aydınlatma direği|lamba|ışıklandırma} {konulmasını|eklenmesini|yapılmasını} {talep ediyoruz|istiyoruz|rica ederiz}.",
    f"{_HOLE} {{kapatılsın|doldurulsun|yamansın}}[, $YER][, kaza olmadan].",
    "{yolumuzun|sokağımızın|köy yolumuzun} {asfaltlanması|yenilenmesi|yamanması|genişletilmesi} için ne yapmamız lazım[, muhtarla dilekçe mi verelim]?",
    "{kaldırım|yaya yolu} {yapılmasını|yenilenmesini|genişletilmesini} istiyoruz[, $YER].",
    "{oraya|yola|çukurun başına} en azından {bir uyarı levhası|duba|ikaz lambası|şerit} {konulabilir mi|koyun}?",
    "kar {temizliği|küreme} için {sokağımız|ara sokaklar|köyümüz} {programa alınsın|listeye eklensin}.",
    "{yokuşa|sokağa} {tuz kutusu|tuz deposu|kum} {bırakılabilir mi|konulsun}?",
    "{yol çalışmasının|kazının|asfalt çalışmasının} ne zaman {biteceği|tamamlanacağı} hakkında bilgi {rica ederim|almak istiyorum}.",
    "yol çökmüş gibi, {bir ekip gönderip baksın|kontrol edilsin|inceleme yapılsın}.",
    "{köprüye|merdivenlere|alt geçide} korkuluk {yapılsın|konulsun}.",
    "{bordür|kaldırım taşı} {taşıyla|kenarıyla} ilgili {yükseltme|düzeltme} yapılabilir mi?",
]
SUGGESTION = [
    "{her köşe başına|kavşaklara|yaya geçitlerine} rampa yapılmasını öneriyorum.",
    "{asfalt|yol} {çalışmaları|yama işleri} {gece|yaz aylarında|okullar kapanınca} yapılsa {trafik aksamaz|daha iyi olur}.",
    "{tuzlama|kar temizliği} {ara sokaklara da|sabah erken saatte} yapılsa {iyi olur|kazalar azalır}.",
    "{sokak lambaları|aydınlatmalar} {LED ile değiştirilse|güneş enerjili olsa} hem tasarruf hem güvenlik olur.",
    "{kazı|altyapı} çalışmalarından sonra {yol hemen kapatılsın|asfalt eski haline getirilsin}, aylarca bekletilmesin.",
]
THANKS = [
    "{bildirdiğim çukur|sokağımızdaki çukur} {iki gün içinde|hemen|ertesi gün} kapatıldı, {ekiplerin eline sağlık|teşekkür ederim}.",
    "{sokağımızın asfaltı|kaldırımlarımız|yolumuz} yenilendi, emeği geçenlere teşekkürler.",
    "{kar küreme ekibine|gece boyunca tuzlama yapan ekiplere|yol ekiplerine} {çok teşekkür ederiz|teşekkürler|sağ olun}.",
    "{yanmayan lamba|sokak lambamız} {hemen|aynı gün} değiştirildi, teşekkürler.",
]
SHORT = [
    "yol bozuk", "lamba yanmıyor", "sokak lambası arızalı", "çukur var", "asfalt berbat", "kaldırım kırık",
    "kar temizlenmedi", "yollar buz tuz atın", "yol çalışması bitmedi", "parke taşları söküldü",
    "direk yamuk", "köy yolu bozuk", "aydınlatma yok",
]
