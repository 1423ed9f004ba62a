CODE = "kultur"

_COURSE = "{resim|ebru|bağlama|halk oyunları|hat sanatı|seramik|keman|piyano|gitar|tezhip|çini|müzik|drama|satranç|robotik kodlama|yabancı dil}"

COMPLAINT = [
    f"{_COURSE} kursuna kayıt için {{sabah 6'da sıraya girdik|saatlerce bekledik}}[, kontenjan doldu dediler][, online sistem yok mu].",
    f"{_COURSE} kursunun {{hocası gelmiyor|dersleri iptal oldu|malzemeleri yok}}[, bir haber verin].",
    "{kütüphanenin|kütüphanede} {çalışma saatleri çok kısa|internet çalışmıyor|bilgisayarlar bozuk|klima çalışmıyor|çok gürültü var|kitaplar çok eski}.",
    "{kültür merkezindeki|tiyatro salonunun|sinema salonunun} {koltukları kırık|ses sistemi cızırtılı|kliması yok|ışıkları yetersiz}.",
    "{tiyatro|konser|gösteri} biletleri {10 dakikada tükeniyor|karaborsaya düşüyor}[, daha adil bir sistem olsun].",
    "{konser|etkinlik|gösteri} {son anda iptal edildi|geç başladı}[, paramız ne olacak].",
    "{müzede|sergide} {açıklama yok|etiketler yetersiz|kapı kapalıydı}.",
    "{ilçelere|bizim ilçeye} {konser|tiyatro|etkinlik} {hiç gelmiyor|yılda bir geliyor}.",
]
REQUEST = [
    f"{_COURSE} kursuna kayıt olmak istiyorum[, {{yetişkinler için|çocuklar için}}][, ücretli mi]?",
    f"{{kızım|oğlum|çocuğum}} {_COURSE} kursuna gitmek istiyor[, kayıtlar ne zaman]?",
    f"{{kızım|oğlum|çocuğum|torunum}} $N yaşında, {_COURSE} {{öğrenmek istiyor|kursu arıyoruz|çok istiyor}}[, {{açılacak mı|nereden kayıt olunur|ücretli mi}}]?",
    f"{_COURSE} kursu {{açılacak mı|ne zaman başlıyor|var mı}}[, {{çocuklar için|yetişkinler için|emekliler için}}]?",
    "{müzeleri|tarihi mekanları|Kayseri Kalesi'ni} {öğrencilerle|grup olarak} ziyaret etmek istiyoruz[, rehberli gezi var mı]?",
    "{kütüphaneye|mahalle kütüphanesine} {kitap bağışı yapmak|üye olmak} istiyorum[, kabul ediyor musunuz]?",
    "{mahallemize|ilçemize} {kütüphane|kültür merkezi|gezici kütüphane} açılmasını istiyoruz.",
    "{Ramazan etkinlikleri|yaz konserleri|tiyatro sezonu|festival} {programı açıklandı mı|ne zaman başlıyor}?",
    "{yayınladığınız kitaplar|Kayseri tarihi kitapları} {satılıyor mu|nereden temin edilir}?",
    "{kültür merkezinin salonunu|konferans salonunu} {etkinlik için|şiir dinletisi için|konser için} kiralamak istiyoruz.",
    "{yaz tatilinde|sömestrde} çocuklar için {ücretsiz atölye|yaz okulu|sanat atölyesi} var mı?",
]
SUGGESTION = [
    "{kütüphanenin çalışma saatleri|kütüphaneler} {sınav dönemlerinde uzatılsın|24 saat açık olsun}.",
    "{sergilerde|müzelerde} {bilgi kartları|sesli rehber} olsun.",
    "{açık hava sineması|sokak konserleri|şiir akşamları} düzenlensin.",
    "{farklı branşlarda|yeni} kültür kursları açılsın.",
]
THANKS = [
    "{dün akşamki türkü konseri|çocuk tiyatrosu|Ramazan programları|kitap fuarı} {muhteşemdi|çok güzeldi}, teşekkürler.",
    "{kursumuzun hocası|kütüphane görevlileri} çok ilgili, teşekkür ederiz.",
]
SHORT = [
    "resim kursu kayıt", "kütüphane saatleri", "konser bileti", "tiyatro", "müze ziyareti",
    "kitap bağışı", "halk oyunları kursu", "bağlama kursu", "kültür merkezi", "etkinlik programı",
]
