CODE = "zabita"

_SHOP = "{fırın|fırından|lokanta|kasap|manav|bakkal|market|kafe|büfe|dönerci|pastane|çiğköfteci}"

COMPLAINT = [
    "{seyyar satıcılar|seyyar tezgahlar|sokak satıcıları} {yaya yolunu kapatmış|kaldırımı işgal ediyor|meydanı doldurmuş|yolu tıkıyor}[, $YER].",
    "{kafeler|dükkanlar|esnaf|lokantalar} {kaldırıma masa sandalye dizmiş|kaldırımı işgal ediyor|tabela koymuş|mallarını kaldırıma dizmiş}[, bebek arabasıyla yola iniyoruz].",
    "{düğün salonunun|kafenin|barın|nargile kafenin|eğlence mekanının} {müziği|canlı müziği|gürültüsü} {gece yarısını geçiyor|gece 2'ye kadar sürüyor|sabaha kadar}[, uyuyamıyoruz].",
    "{marangoz atölyesi|oto tamirci|kaportacı|tekstil atölyesi|demirci} {sabah 7'de|gece yarısına kadar|hafta sonu dahil} {makineleri çalıştırıyor|gürültü yapıyor}[, konut alanında].",
    "{fırından aldığım ekmeğin içinden|lokantadaki yemekten|aldığım yiyecekten} {fare pisliği|böcek|kıl|plastik} çıktı[, denetlenmesini istiyorum].",
    "{lokantanın|dönercinin|pastanenin|kasabın} {mutfağı|tezgahı|buzdolabı} {rezalet|çok pis|yağ içinde}[, personel bone eldiven kullanmıyor].",
    "{kasap|balıkçı|tavukçu} {et|balık|tavuk} {açıkta duruyor|sinek kaynıyor|bozuk kokuyor}.",
    "{bakkal|market|büfe} {son kullanma tarihi geçmiş|bozuk|tarihsiz} {süt|ürün|yoğurt} satıyor.",
    "{manav|market|pazarcı} {etiket koymuyor|fiyat etiketi yok|kasada farklı fiyat söylüyor|hileli tartı kullanıyor}.",
    "{pazarda|pazarcının} tartı {hileli|eksik tartıyor}[, 1 kilo aldım 850 gram çıktı].",
    "{ekmek|simit} {gramajı eksik|gramajı düşük}.",
    "{cami önlerinde|ışıklarda|çarşıda} {dilenci|dilenen çocuklar} {çok arttı|var|rahatsız ediyor}.",
    "{ruhsatsız|izinsiz|kaçak} {işyeri|dükkan|kafe|atölye} açılmış[, ruhsatı var mı kontrol edilsin].",
    "{oto galeri|oto yıkamacı|tamirci} {kaldırıma araç diziyor|kaldırımı otopark gibi kullanıyor}.",
    "{sokak arasına|boş arsaya} {çadır kurup kurbanlık satıyorlar|kaçak kesim yapıyorlar}[, her yer pislik].",
    "{hurda araç|terk edilmiş araba|çekici} {aylardır|$SURE} {sokakta duruyor|kaldırımı kapatıyor}.",
    "{duvarlara|direklere} {izinsiz afiş|ilan|reklam} asılıyor.",
    "{dükkanın hoparlörü|seyyar satıcının anonsu|hurdacının hoparlörü} {sabahtan akşama|çok yüksek sesle} {bağırıyor|çalıyor}.",
    "{çocuklara|reşit olmayanlara} {sigara|alkol} satılıyor.",
]
REQUEST = [
    "{işyerinin|kafenin|atölyenin} denetlenmesini {istiyorum|talep ediyorum}[, $YER].",
    "{gece saat kaça kadar|yasal olarak kaça kadar} {müzik|gürültü|çalışma} serbest?",
    "{kaldırım işgalinin|seyyar satıcıların|dilencilerin} {kaldırılmasını|önlenmesini} rica ediyoruz.",
    "{hurda aracın|terk edilmiş aracın} {kaldırılmasını|çektirilmesini} istiyoruz.",
    "{işyeri açma ruhsatı|esnaf ruhsatı|seyyar satıcı izni} için nereye başvurulur?",
]
SUGGESTION = [
    "{pazarlarda|marketlerde} {fiyat|tartı} denetimi daha sık yapılsın.",
    "{gıda denetimleri|hijyen denetimleri} artırılsın[, özellikle yazın].",
    "{seyyar satıcılar|pazarcılar} için ayrı bir alan yapılsın, kaldırımlar boşalsın.",
]
THANKS = [
    "{zabıta ekibine|zabıtaya} teşekkürler, {kaldırımı işgal eden dükkanlar uyarıldı|gürültü sorunu çözüldü|seyyar satıcılar kaldırıldı}.",
    "{şikayetimden sonra|hemen} denetim yapıldı, teşekkür ederim.",
]
SHORT = [
    "kaldırım işgali", "seyyar satıcı", "gece müzik gürültü", "etiket yok", "dilenci var",
    "kafe gürültüsü", "bozuk ürün satılıyor", "tartı hileli", "ruhsatsız dükkan", "hurda araç duruyor",
]
