CODE = "halkla-iliskiler"

COMPLAINT = [
    "{153'ü|çağrı merkezini|Beyaz Masa'yı} arıyorum, {20 dakika bekletiyorsunuz|kimse açmıyor|hat düşüyor|sürekli meşgul}[, bugün 4. kez arıyorum].",
    "{başvuru yapıyorum cevap yok|başvurum cevapsız kaldı|dilekçeme cevap verilmedi}[, {3 aydır|yasal süre geçti}].",
    "{başvurum|şikayetim} çözülmeden {kapatılmış|çözüldü diye kapatılmış}[, böyle kayıt mı kapatılır].",
    "{Beyaz Masa'daki görevli|danışmadaki personel|telefondaki operatör} {çok kaba davrandı|ilgilenmedi|bizimle ilgili değil dedi}[, oradan oraya gönderildim].",
    "{belediyenin web sitesinde|internet sitesinde} {ihale ilanları sayfası|başvuru formu|duyurular} {açılmıyor|hata veriyor}.",
    "{mobil uygulamada|belediye uygulamasında} {fotoğraf yüklenmiyor|giriş yapılamıyor|şifre gelmiyor|başvuru gönderilmiyor}.",
    "{duyurular|sosyal medya paylaşımları} çok geç geliyor[, kesintiler başladıktan sonra paylaşılıyor].",
    "{belediyede kimse iş yapmıyor|hiçbir birim sorumluluk almıyor}[, $N başvuru, sıfır sonuç].",
]
REQUEST = [
    "{Başkanımızla|belediye başkanıyla|başkan yardımcısıyla} görüşmek için randevu almak istiyorum[, mahalle sakinleri olarak].",
    "{başvurumun|şikayetimin} ne durumda olduğunu nasıl takip edebilirim[, takip numaram $NO]?",
    "{belediyenin çalışma saatleri|Beyaz Masa'nın saatleri} nedir[, cumartesi açık mı]?",
    "{kariyer günleri|kariyer fuarı|iş günleri} ne zaman yapılacak[, hangi firmalar katılacak]?",
    "{belediyede staj|yaz stajı|stajyer alımı} var mı[, üniversite öğrencisiyim]?",
    "{belediyenin iş ilanları|eleman alımı|personel alımı} nereden takip edilir?",
    "{kime soracağımı bilemedim|hangi birime başvuracağımı bilmiyorum}, {muhtarımız toplantı yapılacak dedi|bilgi almak istiyorum}.",
    "{belediyenin hizmetleri hakkında|yeni taşındık,} {rehber|broşür|bilgi} var mı?",
    "{kişisel verilerimin|başvuru bilgilerimin} silinmesini istiyorum.",
    "{basın bülteni|belediye bülteni|e-bülten} için kayıt olmak istiyorum.",
]
SUGGESTION = [
    "{belediyenin sitesinde|Beyaz Masa'da} hangi işin hangi birime ait olduğu yazsın.",
    "{153 çağrı merkezine|Beyaz Masa'ya} {geri arama|sıra numarası} sistemi gelsin.",
    "{duyurular|kesinti duyuruları} daha erken yapılsın.",
    "{mahalle toplantıları|halk buluşmaları} düzenlensin.",
]
THANKS = [
    "{153 operatörü|Beyaz Masa görevlisi|telefonda görüştüğüm hanım} {çok sabırlı ve bilgiliydi|sorunumu tek seferde çözdü}, teşekkür ederim.",
    "{şehrimizde yapılan çalışmalar|belediyenin hizmetleri} için teşekkürler[, Kayseri her geçen gün güzelleşiyor].",
    "{Kariyer Günleri'ndeki organizasyon|kariyer fuarı} çok başarılıydı[, iş teklifi aldım], teşekkürler.",
    "{başkanımıza|belediye çalışanlarına} {ilgisi için|emekleri için} teşekkürler.",
]
SHORT = [
    "153 açmıyor", "başvuru takibi", "başkanla randevu", "staj başvurusu", "kariyer günleri",
    "cevap verilmedi", "görevli kaba", "uygulama çalışmıyor", "teşekkürler", "çalışma saatleri",
]
