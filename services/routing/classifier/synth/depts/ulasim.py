CODE = "ulasim"

_BUS = "{otobüs|belediye otobüsü|halk otobüsü|minibüs|tramvay|$N numaralı otobüs|$N hattı}"

COMPLAINT = [
    f"{_BUS} {{gelmedi|gelmiyor|çok geç geliyor|saatinde gelmiyor|sefer iptal etti}}[, durakta {{40 dakikadır|yarım saattir|bir saattir}} bekliyoruz][, işe geç kalıyoruz].",
    f"{_BUS} {{tıklım tıklım|çok kalabalık|ayakta bile duramıyoruz}}[, {{sabahları|akşam 5-7 arası|okul saatinde}}][, sefer sayısı artırılsın].",
    "{şoför|otobüs şoförü|vatman|sürücü} {bana bağırdı|kaba davrandı|durakta durmadı|kapıyı yüzüme kapattı|telefonla konuşarak kullanıyor|çok hızlı kullanıyor|sigara içiyor}[, plaka $N ile bitiyordu].",
    "{otobüsün|tramvayın} {kliması çalışmıyor|camları açılmıyor|içi çok pis|kaloriferi yanmıyor|rampası açılmıyor}.",
    "{durağın|otobüs durağının} {camı kırık|oturağı yok|çatısı yok|tabelası yok|ekranı çalışmıyor}[, yaşlılar ayakta bekliyor].",
    "{Kayseri Kart|kartım|öğrenci kartım|indirimli kartım} {okumadı|bakiye düştü ama geçmedi|çift ücret kesti|kapandı}.",
    "{dolum makinesi|kart dolum noktası} {parayı yedi|çalışmıyor|bozuk}.",
    "{trafik ışığı|sinyalizasyon|kavşaktaki ışıklar} {bozuk|yanmıyor|sürekli sarı yanıyor|çok uzun kırmızı}[, kaza olacak].",
    "{yaya geçidi|okul önündeki geçit} {yok|silinmiş|ışıksız}[, araçlar durmuyor][, geçen ay bir çocuğa araba çarptı].",
    "{bizim mahalleye|yeni sitelere|köyümüze} {otobüs uğramıyor|hiç sefer yok|günde iki sefer var}[, 1 km yürüyoruz].",
    "{son sefer|akşam seferi} {çok erken|17:00'de} bitiyor[, dönemiyoruz].",
    "{minibüsler|dolmuşlar} {Kayseri Kart kabul etmiyor|nakit istiyor|fazla ücret alıyor}.",
    "{otobüs ücretlerine|bilet fiyatlarına} {zam yapıldı|çok zam geldi}[, öğrenci indirimi kaldırıldı].",
    "{otoparkta|parkomatta} {fazla ücret alındı|makine bozuk}.",
    "{taksici|taksi} {taksimetre açmadı|fazla ücret aldı|kısa mesafeye gitmedi}.",
    "{durak ekranı|mobil uygulama} yanlış {saat|dakika} gösteriyor.",
]
REQUEST = [
    "{Kayseri Kart'ımı|kartımı|öğrenci kartımı} kaybettim[, içinde $N TL vardı][, bakiyeyi yeni karta aktarabilir miyim]?",
    "{öğrenci kartı vize işlemi|65 yaş kartı|engelli kartı|öğretmen kartı|indirimli kart başvurusu} için nereye gitmem lazım[, online yapılabiliyor mu]?",
    "{okulun önüne|kavşağa|yaya geçidine} {trafik ışığı|sinyalizasyon|yaya butonu} {konulsun|yapılsın}.",
    "{mahallemizden|sitemizden|köyümüzden} {merkeze|üniversiteye|hastaneye} {direkt hat|yeni güzergah|ek sefer} {açılsın|istiyoruz}.",
    "{hat $N|$N numaralı hat} {kaçta|saat kaçta} {geçiyor|kalkıyor}[, sefer saatleri nerede]?",
    "{durağa|durağımıza} {bekleme kabini|oturak|akıllı durak ekranı} {konulsun|yapılsın}.",
    "{kartımdan fazla ücret kesildi|yanlış ücret alındı}, iade edilsin.",
    "{otobüste unuttuğum|tramvayda unuttuğum} {çanta|telefon|dosya} için kime başvurmalıyım?",
    "{refakatçi|engelli yakını} ücretsiz biniyor mu?",
]
SUGGESTION = [
    "{sabah 7-9 arası|okul saatlerinde|akşam saatlerinde} {sefer sıklığı|otobüs sayısı} artırılsın.",
    "{tramvay hattı|raylı sistem} {$MAH'e kadar|üniversiteye kadar|havalimanına} uzatılsın.",
    "{gece otobüsü|23:00'ten sonra sefer} konulsun[, öğrenciler dönemiyor].",
    "{bisiklet yolu|bisiklet şeridi} yapılsın.",
    "{kavşaktaki ışık süreleri|yeşil ışık süresi} ayarlansın[, 3 dakika bekliyoruz].",
    "{bütün ilçelerde|minibüslerde} Kayseri Kart geçsin.",
]
THANKS = [
    "{şoför bey|otobüs şoförü|vatman} {annemin koluna girip otobüse bindirdi|yaşlı teyzeyi bekledi|kaybettiğim cüzdanı teslim etti}, teşekkürlerimi iletin.",
    "{yeni açılan hat|ek seferler|yeni tramvay hattı} için teşekkürler, işe zamanında yetişiyoruz.",
    "{klimalı yeni otobüsler|akıllı duraklar} çok güzel olmuş, teşekkürler.",
]
SHORT = [
    "otobüs gelmiyor", "şoför durmadı", "kart okumuyor", "durak camı kırık", "trafik ışığı bozuk",
    "tramvay çok kalabalık", "sefer yok", "kayseri kart kayboldu", "otobüs geç", "kart bakiye sorunu",
]
