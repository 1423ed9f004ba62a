CODE = "kaski"

COMPLAINT = [
    "{sular yok|su yok|su kesik|musluktan su akmıyor|sular kesildi} $SURE[, $YER][, {hiçbir duyuru yapılmadı|ne zaman gelecek|yemek yapamıyoruz|çamaşır makinesi yarıda kaldı|çocuklar okuldan gelecek}].",
    "{su basıncı|suyun basıncı|tazyik} {çok düşük|yok denecek kadar az|akşamları düşüyor}[, üst katlara su çıkmıyor][, hidrofor mu almamız lazım].",
    "{musluktan|çeşmeden|şebekeden} {sarı|bulanık|çamurlu|kahverengi|kireçli|klor kokulu|pas renginde} su {akıyor|geliyor}[, içmeye korkuyoruz].",
    "{ana boru|boru|su borusu|şebeke borusu} {patladı|patlamış|kırıldı}[, $YER][, {sokak dere gibi akıyor|su boşa akıyor|bodrumlara su girecek}].",
    "{vanadan|sayaçtan|borudan|yerden} sürekli su {sızıyor|akıyor|fışkırıyor}[, kaldırım hep ıslak][, kışın buz tutuyor].",
    "{kanalizasyon|lağım|pis su} {taştı|geri tepti|tıkandı|sokağa aktı|bodruma doldu}[, $YER][, koku dayanılmaz].",
    "{kanalizasyon kokusu|lağım kokusu|rögar kokusu} {dayanılmaz|çok ağır|her akşam geliyor}[, pencere açamıyoruz].",
    "{rögar kapağı|logar kapağı|kanal kapağı} {yok|kırık|yerinden çıkmış|çökmüş|ses yapıyor|yoldan yüksek}[, {çocuk düşecek|araçlar çarpıyor|biri düşecek}][, $YER].",
    "{mazgal|yağmur ızgarası|yağmur suyu kanalı|ızgaralar} {tıkalı|tıkanmış|suyu almıyor}[, her yağmurda {sokak göle dönüyor|köşe su basıyor|evlere su giriyor}].",
    "su faturası {bu ay|son iki aydır} {çok yüksek geldi|normalin üç katı|anlamsız geldi}[, evde kaçak yok][, sayaç yanlış okunuyor].",
    "{sayaç|su sayacı|kartlı sayaç} {dondu|çatladı|arızalı|çalışmıyor|kartı okumuyor|boşa dönüyor}.",
    "{borçtan dolayı|fatura yüzünden} suyumuz kesildi[, taksit yapılabilir mi][, durumumuz iyi değil].",
    "{köyde|mahallede} {çeşme suyu kesik|depo boş|su motoru yandı|pompa arızalı}[, hayvanlar susuz kaldı].",
    "{kanalizasyon hattına|şebekeye} bağlanmadık[, hâlâ {fosseptik|foseptik} kullanıyoruz].",
    "{fosseptik|foseptik|çukur} taştı, vidanjör {gelmedi|istiyoruz|$SURE bekliyoruz}.",
    "{KASKİ|su idaresi} {yolu kazdı|kazı yaptı} {kapatmadı|bıraktı gitti}[, su arızası için].",
    "{su kesintisi|kesinti} {haber verilmeden|duyurusuz} yapıldı[, sabah duşta kaldım].",
    "sudan {koku|kötü tat|kireç tadı|klor kokusu} geliyor[, çaydanlık bembeyaz oldu].",
]
REQUEST = [
    "{su aboneliğini|aboneliği|su aboneliğimi} {kendi adıma|kiracı olarak|yeni daireye} {nasıl geçiririm|almak istiyorum|açtırmak istiyorum}[, hangi evraklar lazım]?",
    "{sayacı|su sayacını} {kontrol ettirmek|değiştirmek|mühürletmek} istiyorum[, ücreti var mı]?",
    "{yeni yapılan eve|müstakil evimize|dükkana} {su bağlantısı|şebeke suyu|kanalizasyon bağlantısı} için nereye başvurmalıyız?",
    "{su borcumu|fatura borcumu} {taksitlendirmek|yapılandırmak} istiyorum.",
    "{sokağımızın|köyümüzün} {kanalizasyon hattına bağlanmasını|içme suyu hattının yenilenmesini} talep ediyoruz.",
    "{rögarın|mazgalların|kanalın} {açılması|temizlenmesi} için ekip {gönderin|istiyoruz}.",
    "{su kesintisi|kesinti} {ne zaman bitecek|ne kadar sürecek|neden yapıldı}?",
    "{depozito|abonelik iptali|fatura itirazı} için {ne yapmam lazım|nereye gideyim}?",
    "{bahçe sulaması|inşaat suyu} için {ayrı abonelik|geçici su} {alabilir miyiz|nasıl alınır}?",
    "{vidanjör|tuvalet çukuru boşaltma} hizmeti {ücretli mi|var mı|nasıl isteniyor}?",
]
SUGGESTION = [
    "su kesintileri {en az bir gün önce|mahalle bazlı} SMS ile bildirilsin.",
    "{eski su boruları|asbestli borular} değiştirilsin[, her ay patlıyor].",
    "{su faturaları|sayaçlar} {e-devletten takip edilebilsin|uzaktan okunabilsin}.",
    "{kesinti olacaksa|su verilmeyecekse} {mahalleye anons yapılsın|tanker gönderilsin}.",
]
THANKS = [
    "{KASKİ ekibine|su arıza ekibine|kanal ekibine} {çok teşekkürler|teşekkür ederiz}[, gece yarısı patlayan boruyu sabaha kadar tamir ettiler].",
    "{tıkanan kanalizasyonumuz|su arızamız} {hemen|aynı gün} giderildi[, teşekkürler].",
    "{sayacımızı|borumuzu} {çabuk|hemen} değiştiren ekibe teşekkürler.",
]
SHORT = [
    "su yok", "sular kesik", "su gelmiyor", "boru patladı", "kanalizasyon taştı", "rögar kapağı yok",
    "mazgal tıkalı", "su faturası yüksek", "sayaç dondu", "su bulanık", "lağım kokuyor", "su kaçağı var",
]
