CODE = "itfaiye"

COMPLAINT = [
    "{baca temizliği|kalorifer bacası temizliği} için {sıra aldık|başvurduk} ama $SURE gelen yok[, soba yakamıyoruz].",
    "{yangın hidrantının|hidrantın} {kapağı yok|önüne araç park ediliyor|içine çöp atılıyor|bozuk}.",
    "{apartmanda|binada|işyerinde} {yangın tüpü yok|yangın merdiveni depo olarak kullanılıyor|yangın merdiveni kilitli|acil çıkış kapalı}.",
    "{düğün salonunun|AVM'nin|okulun|fabrikanın} {acil çıkış kapısı|yangın kapısı} {kilitli|önü kolilerle dolu}[, içeride yüzlerce kişi var].",
    "{köyde|mahallede} itfaiye {aracı yok|çok geç geliyor|40 dakikada geliyor}[, geçen yaz samanlık yandı].",
    "{komşunun sobası|yandaki binanın bacası} {kötü yanıyor|duman yapıyor|is çıkarıyor}[, zehirlenmekten korkuyoruz].",
    "{terk edilmiş binada|boş arsada} {ateş yakıyorlar|küçük yangınlar çıkıyor}[, bir gün bütün sokak yanacak].",
    "{anız yangınları|ot yangınları} {çok oluyor|köye yaklaşıyor}.",
    "{itfaiye|ekipler} {geç geldi|yolu bulamadı}, hortum yetmedi.",
]
REQUEST = [
    "{ağaçta|çatıda|balkonda|duvarın arasında} {kedi|bir kedi|yavru kedi} mahsur kaldı[, $SURE miyavlıyor][, itfaiye gelebilir mi].",
    "{köpeğimiz|kuzumuz|kedimiz} {kuyuya|kanala|boşluğa} düştü, çıkaramıyoruz.",
    "{işyerimiz|restoranımız|kafemiz|fabrikamız} için {yangın uygunluk raporu|itfaiye raporu|yangın güvenlik belgesi} {almamız gerekiyor|nasıl alınır}[, hangi belgeler lazım]?",
    "{çalışanlara|öğrencilere|site sakinlerine|anaokulu çocuklarına} {yangın söndürme eğitimi|yangın tatbikatı|yangın güvenliği eğitimi} verilmesini istiyoruz.",
    "{yangın tüplerimizin|yangın söndürücülerin} {dolumu|kontrolü} itfaiyeye yaptırılabilir mi?",
    "{kalorifer kazanının|sobanın|şöminenin} bacası temizlenmedi[, kış gelmeden temizletmek istiyoruz][, ücreti ne kadar].",
    "{bodrum katımız|bodrumumuz|garajımız} {yağmur suyuyla|su} doldu[, motorla çekilmesi lazım].",
    "{çatıdaki|balkondaki} {arı kovanı|eşek arısı yuvası} alınabilir mi?",
    "{saçaktan sarkan buzlar|buz sarkıtları} {kaldırıma düşüyor|tehlikeli}, kırılabilir mi?",
    "{gaz kokusu|hafif gaz kokusu} var gibi ama {emin değilim|acil değil sanırım|vana kapalı}[, bir kontrol ettirebilir miyiz]?",
    "{binamızın|okulumuzun|sitemizin} yangın denetimi yapılabilir mi?",
    "{asansörde|kapıda} {kaldık|kilitli kaldı}, {itfaiye açabilir mi|yardım lazım}.",
]
SUGGESTION = [
    "{köye|ilçeye} {arazöz|itfaiye aracı|itfaiye istasyonu} konulsun.",
    "{okullarda|sitelerde} yılda bir {yangın tatbikatı|yangın eğitimi} yapılsın.",
    "{gönüllü itfaiyecilik|köy itfaiye ekibi} kurulsun, eğitim verilsin.",
]
THANKS = [
    "{mutfakta çıkan yangına|evdeki yangına|bacadaki yangına} {6 dakikada|hemen} yetişen itfaiye ekibine sonsuz teşekkürler.",
    "{ağaçtaki kediyi|kuyudaki köpeği|mahsur kalan kediyi} kurtaran itfaiyecilere teşekkürler.",
    "{bacamızı temizleyen|eğitim veren} itfaiye ekibine teşekkürler.",
]
SHORT = [
    "kedi ağaçta kaldı", "baca temizliği", "yangın tüpü dolumu", "itfaiye raporu", "yangın eğitimi",
    "hidrant bozuk", "bodrum su doldu", "arı kovanı", "kedi mahsur", "yangın merdiveni kilitli",
]
