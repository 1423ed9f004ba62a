CODE = "spor"

_BRANCH = "{yüzme|basketbol|voleybol|futbol|okçuluk|eskrim|güreş|jimnastik|tenis|kayak|judo|taekwondo|atletizm|pilates|masa tenisi|satranç}"

COMPLAINT = [
    "{kapalı yüzme havuzunda|havuzda|yüzme havuzunun} {su çok soğuk|soyunma odaları pis|duşlar bozuk|cankurtaran yok|su kirli|klor çok fazla}.",
    "{spor salonundaki|fitness salonundaki} {aletlerin yarısı bozuk|koşu bandı arızalı|hoca yok|duşlarda sıcak su yok|dolaplar kırık}.",
    "{yaz spor okulu|spor kursu|havuz} {kaydı|ödeme sayfası} {sitede hata veriyor|donuyor|açılmıyor}.",
    "{antrenör|eğitmen|hoca} {çocuklara bağırıyor|derse geç geliyor|ilgilenmiyor}[, dersin yarısı boş geçiyor].",
    "{havuz abonelik|spor salonu üyelik|halı saha} ücretleri {çok yükseldi|çok pahalı}[, öğrenci indirimi kaldırılmış].",
    "{koşu parkurunun|stadın|sahanın|kortun} {ışıkları yanmıyor|zemini bozuk|fileleri yırtık}.",
    "{halı sahayı|salonu|kortu} kiraladık {başkasına vermişler|kapalıydı}[, ücret iade edilmedi].",
    "{mahallemizde|ilçemizde} {spor salonu|havuz|spor tesisi} yok[, gençler kışın spor yapacak yer bulamıyor].",
    "{maraton|koşu|bisiklet turu} kaydım {onaylanmadı|mail gelmedi|görünmüyor}.",
]
REQUEST = [
    f"{{yaz spor okulları|spor okulu|{_BRANCH} kursu}} kayıtları ne zaman başlıyor[, {{oğlum|kızım}} $N yaşında]?",
    f"{{çocuğum|kızım|oğlum|ben}} {_BRANCH} {{yapmak|öğrenmek}} istiyor[um][, belediyenin kursu var mı]?",
    "{Erciyes'te|kayak merkezinde} çocuklar için {kayak kursu|snowboard eğitimi} var mı?",
    "{halı saha|spor salonu|tenis kortu|basketbol sahası} {kiralamak|rezerve etmek} istiyoruz[, ücretli mi]?",
    "{mahalle takımı|amatör kulüp|okul takımı} olarak {salon tahsisi|malzeme yardımı|sponsorluk} istiyoruz.",
    "{havuz|spor salonu} {aboneliği|üyeliği} nasıl yapılır[, indirim var mı]?",
    "{kadınlara özel|yaşlılara özel|engellilere özel} {spor saatleri|yüzme saatleri|kurs} var mı?",
    "{yarı maratona|turnuvaya|kayak yarışmasına} kayıt olmak istiyorum.",
    "{buz pisti|tırmanma duvarı|bowling salonu} ne zaman açılacak?",
]
SUGGESTION = [
    "{okçuluk ve eskrim gibi|farklı branşlarda} kurslar açılsın, hep futbol basketbol var.",
    "{spor salonunda|havuzda} kadınlara özel saat ayrılsın.",
    "{ilçemize|mahallemize} {kapalı spor salonu|yüzme havuzu|halı saha} yapılsın.",
    "{parklara|sahil yoluna} koşu parkuru yapılsın.",
]
THANKS = [
    "{kızım yüzme kursunda|oğlum yaz spor okulunda} çok ilerledi, {eğitmenlere|hocalara} teşekkürler.",
    "{Spor A.Ş.'nin düzenlediği|belediyenin düzenlediği} {maraton|turnuva} çok güzeldi, teşekkürler.",
]
SHORT = [
    "yüzme kursu", "yaz spor okulu kayıt", "halı saha kiralama", "spor salonu", "havuz kirli",
    "basketbol kursu", "kayak kursu", "spor tesisi", "fitness aletleri bozuk", "spor okulu",
]
