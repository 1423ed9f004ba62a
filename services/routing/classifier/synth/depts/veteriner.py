CODE = "veteriner"

_DOGS = "{sokak köpekleri|başıboş köpekler|köpek sürüsü|köpekler|$N köpek|sahipsiz köpekler}"

COMPLAINT = [
    f"{_DOGS} {{çocuklara saldırıyor|peşimize takılıyor|çok saldırgan|kovalıyor|okul yolunda toplanıyor}}[, $YER][, {{kızım ağlayarak eve döndü|bir şey olmadan toplayın}}].",
    f"{_DOGS} {{bütün gece havlıyor|sabaha kadar uluyor}}[, uyuyamıyoruz].",
    "{köpek|sokak köpeği} {beni ısırdı|bacağımdan ısırdı|oğlumu ısırdı}[, kuduz aşısı oldum][, köpek hâlâ sokakta].",
    "{sokakta|yolun ortasında|bahçede} ölü {köpek|kedi|hayvan|kuş} var[, $SURE][, kokmaya başladı].",
    "{komşunun|sahipli} {pitbull|köpeği|büyük köpeği} {tasmasız|ağızlıksız} geziyor[, çocuklar parka inemiyor].",
    "{barınaktan bırakılan|küpeli} köpekler yine saldırgan.",
    "{fareler|sıçanlar} {konteyner etrafında|bodrumda|bahçede|sokakta} {dolaşıyor|çoğaldı}[, gündüz bile].",
    "{sivrisinek|karasinek|sinek} {çok fazla|durulmuyor|istila etti}[, ilaçlama yapılmadı].",
    "{hamamböceği|tahtakurusu|pire|kene|akrep} {çoğaldı|evlere giriyor|apartmanı sardı}.",
    "{güvercinler|kargalar} {balkonu sardı|her yeri pisletti}.",
    "{hayvana eziyet ediliyor|köpeği zincirde aç bırakıyor|kedilere zehir veriyorlar}[, bir bakın].",
    "{yavru kedi|yavru köpek|yavrular} terk edilmiş[, karton kutuda][, üşüyor].",
    "{ahırdan|hayvan pazarından} {koku|sinek} geliyor[, hayvanlar hasta gibi].",
]
REQUEST = [
    "{yolda|sokakta} yaralı bir {kedi|köpek|kuş} var[, {araba çarpmış galiba|ayağını kullanamıyor}][, ekip gönderebilir misiniz]?",
    "{kısırlaştırma|aşılama} {kampanyası var mı|için randevu nasıl alınır}?",
    "{barınaktan|belediyeden} {kedi|köpek} sahiplenmek istiyoruz[, şartlar nelerdir].",
    "{apartmanlara|bodruma|bahçeye|mahalleye} {ilaçlama|haşere ilaçlaması|sivrisinek ilaçlaması} {yapıyor musunuz|ne zaman yapılacak|talep ediyoruz}?",
    "{sokak hayvanları için|kediler için} {mama kabı|kulübe|besleme noktası} koymak istiyoruz[, izin gerekiyor mu]?",
    "{köpeklerin toplanmasını|köpeklerin aşılanmasını|sürünün toplanmasını} istiyoruz.",
    "{ölü hayvanın|ölü köpeğin} kaldırılmasını rica ediyorum.",
    "{köpeğime|kedime} {çip|kuduz aşısı|karne} {yaptırmak istiyorum|nereden}?",
    "{kuduz şüphesi var|hayvanlar hasta}, aşı yapılacak mı?",
]
SUGGESTION = [
    "{sokak hayvanları için|kediler için} mahallelere besleme noktası konulsun.",
    "{kısırlaştırma|aşılama} çalışmaları artırılsın, yavrular sokakta ölüyor.",
    "{ilaçlama|sivrisinek ilaçlaması} yaz başında yapılsın.",
]
THANKS = [
    "{hayvan barınağındaki çalışanlara|veteriner ekibine} teşekkürler[, bulduğumuz yavru köpeği tedavi ettiler].",
    "{yaralı kediyi|yaralı köpeği} alan ekibe teşekkürler.",
    "{ilaçlama ekibine|ilaçlamadan sonra} teşekkürler, sinekler azaldı.",
]
SHORT = [
    "köpekler saldırıyor", "sokak köpekleri", "ölü kedi var", "yaralı köpek", "fare var", "ilaçlama",
    "sivrisinek çok", "köpek ısırdı", "kedi yavruları", "haşere",
]
