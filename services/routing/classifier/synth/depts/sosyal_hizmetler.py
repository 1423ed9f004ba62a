CODE = "sosyal-hizmetler"

_AID = "{gıda yardımı|kömür yardımı|yakacak yardımı|nakdi yardım|kira yardımı|erzak|gıda kolisi|giyim yardımı|eğitim yardımı|burs|bez yardımı|sosyal yardım}"

COMPLAINT = [
    f"{_AID} başvurusu yaptım[, $SURE] {{sonuç yok|cevap gelmedi|reddedildi|listeden çıkarılmışız}}[, durumumuz değişmedi].",
    "{eve inceleme için memur geldi|sosyal inceleme yapıldı} {başvurumu reddettiler|buzdolabınız var dediler}[, bu nasıl değerlendirme]?",
    "{aşevinden|sosyal marketten} {yemek alıyorduk|alışveriş yapıyorduk} {listeden çıkarıldık|kartımız kapatıldı}[, kimse nedenini söylemiyor].",
    "{engelli oğlum|yatalak annem|yaşlı babam} için {bez yardımı|hasta bezi|evde bakım hizmeti} {bu ay gelmedi|kesildi|aksıyor}.",
    "{yaşlı bir amca|yaşlı komşumuz|yalnız yaşayan teyze} {tek başına yaşıyor|kendine bakamıyor|evi çöp evine dönmüş}[, birinin ilgilenmesi lazım].",
    "{sokakta yatan|parkta yatan} {evsiz|kimsesiz} biri var[, soğukta donacak].",
]
REQUEST = [
    f"{{eşim vefat etti|işsizim|asgari ücretle çalışıyorum|evde 6 kişiyiz|engelli raporum var|kocam hasta}}[, {{$N çocuğum var|çalışamıyorum|kira ödeyemiyorum}}], {_AID} için {{başvurmak istiyorum|nereye gitmem lazım|başvuru nasıl yapılıyor}}?",
    f"{_AID} {{başvuruları başladı mı|yapılıyor mu|var mı|için şartlar nedir}}[, $YER]?",
    "{yaşlı annem|82 yaşındaki babam|yatalak eşim|engelli kızım} için {evde bakım hizmetinden|hasta bakımından|evde temizlik hizmetinden|banyo hizmetinden} yararlanmak istiyoruz.",
    "{tekerlekli sandalye|akülü sandalye|hasta yatağı|hasta bezi|işitme cihazı|beyaz baston} {desteği|yardımı} var mı[, raporluyum]?",
    "{aile danışmanlığı|psikolojik danışmanlık|evlilik öncesi danışmanlık|çocuk gelişimi danışmanlığı} için randevu almak istiyorum[, ücretsiz mi]?",
    "{kadın konukevi|şiddet gören kadınlar için barınma} hakkında bilgi almak istiyorum[, gizli kalması önemli].",
    "{sosyal market kartı|sosyal kart|yardım kartı} nasıl {alınıyor|çıkarılıyor}?",
    "{huzurevine|yaşlı bakım evine|gündüz bakım evine} başvurmak istiyoruz[, şartlar neler]?",
    "{hasta nakil|engelli aracı|ücretsiz ulaşım} hizmeti var mı[, hastaneye gideceğiz]?",
    "{toplu sünnet|toplu nikah|düğün yardımı} için kayıt yaptırmak istiyorum.",
    "{öksüz yeğenlerime|yetim torunlarıma} bakıyorum[, okul masraflarına yetişemiyorum][, destek var mı]?",
]
SUGGESTION = [
    "{işitme engelliler için|sağır vatandaşlar için} işaret dili bilen personel olsun.",
    "{yaşlılara|yalnız yaşayanlara} {sıcak yemek|ev ziyareti} hizmeti yaygınlaştırılsın.",
    "{yardım başvuruları|sosyal destek başvuruları} internetten de yapılabilsin.",
]
THANKS = [
    "{Ramazan'da dağıtılan gıda kolileri|kömür yardımı|gönderdiğiniz erzak} için çok teşekkür ederiz[, Allah razı olsun].",
    "{evde bakım ekibinden gelen hemşire hanım|sosyal hizmet uzmanı} çok ilgiliydi, teşekkür ederim.",
    "{aile danışmanımız|danışmanlık merkezi} sayesinde {evliliğimiz kurtuldu|çocuğumla iletişimim düzeldi}, teşekkürler.",
]
SHORT = [
    "kömür yardımı", "gıda yardımı başvurusu", "evde bakım", "engelli yardımı", "kira yardımı",
    "yardım istiyorum", "sosyal market kartı", "hasta bezi", "huzurevi başvurusu", "aile danışmanlığı",
]
