CODE = "park-bahce"

_PARK = "{parkta|parktaki|semt parkında|çocuk parkında|mahalle parkında|parkımızda}"

COMPLAINT = [
    f"{_PARK} {{salıncak|salıncağın zinciri|kaydırak|tahterevalli|oyun grubu|oyuncaklar}} {{kırık|kopmuş|çatlamış|paslanmış|tehlikeli}}[, {{çocuk az kalsın düşüyordu|çocuklar yaralanıyor}}].",
    f"{_PARK} {{banklar|oturma bankları|kamelyalar|masalar}} {{kırık|sökülmüş|yok|tahtaları kopuk}}[, yaşlılar oturacak yer bulamıyor].",
    f"{_PARK} {{çimler|otlar}} {{diz boyu oldu|biçilmiyor|kurudu|sararmış}}[, yılan çıkar diye korkuyoruz].",
    f"{_PARK} {{kum havuzu|oyun alanı}} {{pis|cam kırığı dolu|kedi pisliği dolu}}.",
    f"{_PARK} {{lambalar|ışıklar|aydınlatma}} yanmıyor[, akşam gençler toplanıp içki içiyor][, aileler çıkamıyor].",
    "{ağaç|ağacın dalı|kavak ağacı|çam ağacı|çınar} {devrildi|kırıldı|kurudu|çürüdü|düşmek üzere}[, {yolu kapattı|arabanın üstüne düştü|çocukların üstüne düşecek}][, $YER].",
    "{ağacın dalları|ağaçlar} {elektrik tellerine değiyor|pencereye vuruyor|şoförlerin görüşünü kapatıyor|tabelayı kapatıyor}[, budanması lazım].",
    "{ağacın kökleri|belediyenin ağacı} {bahçe duvarımızı çatlattı|kaldırımı kaldırdı|boruya girdi}.",
    "{yeni dikilen fidanlar|refüjdeki çiçekler|ağaçlar} {kuruyor|kurudu|sulanmıyor}[, emek verilmiş, yazık olmasın].",
    "{fıskiyeler|sulama sistemi} {gece açılıyor yolu suluyor|bozuk|su kaçırıyor|öğlen sıcağında çalışıyor}.",
    "{süs havuzunun|parktaki havuzun} suyu {yeşillenmiş|kokuyor|hiç değişmiyor}[, sivrisinek kaynıyor].",
    "{çim biçme makinesi|motorlu tırpan} {sabah 7'de|cumartesi günü bile} çalışıyor[, uyuyamıyoruz].",
    "{mesire alanında|piknik alanında} {masalar kırık|ızgaralar paslanmış|çeşme akmıyor|çöp kutusu yok}.",
    "{parktaki çeşme|parkın tuvaleti} {bozuk|kapalı|pis}.",
    "{parkın|yeşil alanın} {bekçisi yok|çitleri kırık|yürüyüş yolu bozuk}.",
    "{ağaçlar izinsiz kesildi|yeşil alandaki ağaçlar kesiliyor}[, kim izin verdi].",
    "{çam ağaçlarında|ağaçlarda} {kese böceği|tırtıl|böcek} var[, çocuklar dokunuyor].",
]
REQUEST = [
    "{ağacın|ağaçların|çınar ağacının|dalların} {budanmasını|kesilmesini|kaldırılmasını} {istiyoruz|talep ediyorum}[, $YER].",
    "{devrilen ağacın|kırılan dalın} {kaldırılması|toplanması} lazım[, acilen].",
    "{mahallemize|boş alana|caminin yanındaki alana} {çocuk parkı|park|oyun parkı|yeşil alan} yapılmasını {istiyoruz|öneriyoruz}.",
    "{engelli salıncağı|gölgelik|kamelya|bank|çöp kutusu} {konulabilir mi|var mı}[, parka]?",
    "{sitemizin önüne|sokağımıza|refüje} {ağaç|fidan|çiçek} dikilmesini istiyoruz.",
    "{parkın|yeşil alanın|refüjün} {çimlerinin biçilmesini|sulanmasını|bakımının yapılmasını} rica ederiz.",
    "{fidan|hatıra ormanı} için {fidan dağıtımı var mı|nasıl başvurulur}?",
    "{park|mesire alanı} {ne zaman açılacak|tamamlanacak mı}?",
]
SUGGESTION = [
    "{kaydıraklar|oyun aletleri} güneşte ısınıyor, üstüne gölgelik yapılsın.",
    "{parklara|mahalle parklarına} {köpek parkı|kamelya|içme çeşmesi|yürüyüş yolu} yapılsın.",
    "{parklarda|yeşil alanlarda} {sulama sabah erken|gece} yapılsın.",
    "{refüjlere|kavşaklara} {çiçek|kuraklığa dayanıklı bitki} dikilsin.",
]
THANKS = [
    "{mesire alanını|parkımızı|millet bahçesini} çok güzel düzenlemişsiniz, emeği geçenlere teşekkürler.",
    "{ağacımızı hemen budadınız|devrilen ağacı hemen kaldırdınız|parkı yenilediniz}, teşekkürler.",
    "{park ve bahçeler ekibine|bahçıvan arkadaşlara} teşekkürler, {parklar tertemiz|çiçekler harika}.",
]
SHORT = [
    "parkta salıncak kırık", "ağaç devrildi", "çimler biçilmedi", "ağaç budansın", "park bakımsız",
    "kaydırak kırık", "park lambaları yanmıyor", "dal düştü", "fidanlar kurudu", "bank kırık",
]
