CODE = "imar"

COMPLAINT = [
    "{bizim sokağın başındaki binaya|karşı binaya|yan binaya|komşuya} {ruhsatsız kat|kaçak kat|izinsiz kat} çıkıyorlar[, bina zaten eski][, deprem olsa üstümüze yıkılır].",
    "{komşum|müteahhit|biri} {bahçesine|arsaya|ortak alana} {izinsiz|ruhsatsız|kaçak} {yapı|ev|dükkan|depo|ek bina} yapıyor[, ruhsatı olmadığını biliyoruz].",
    "{binanın ruhsatında|projede} {5 kat|yeşil alan} yazıyor ama {7 kat çıktılar|dükkan yaptılar}.",
    "{yandaki binanın temel kazısı|inşaat kazısı} {binamızın temeline kadar indi|duvarlarımızı çatlattı}[, acil inceleme istiyoruz].",
    "{metruk bir bina|terk edilmiş bir bina|eski bina} var[, $YER][, {camları kırık|her an yıkılacak|çocuklar oynamaya giriyor}][, yıkılmasını istiyoruz].",
    "{binamızın dış cephesinden|çatıdan|balkondan} {sıva parçaları|tuğlalar|kiremitler} {kaldırıma düşüyor|düşüyor}[, yönetici ilgilenmiyor].",
    "{tescilli|tarihi} {konak|Kayseri evi|bina} {yıkılıyor|yıkıldı}[, durdurulması lazım].",
    "{hisseli tarlalara|boş arazilere} {gecekondu gibi evler|kaçak yapılar} yapılıyor[, altyapısı yok].",
    "{inşaatın iskelesi|inşaat malzemeleri|vinç} {kaldırıma kurulmuş|yolu kapatıyor|evimizin üstünden geçiyor}[, önlem yok].",
    "{inşaat|şantiye} {gece 1'e kadar|gece gündüz} {beton döküyor|çalışıyor}[, ruhsat saatleri dışında].",
    "{plan değişikliğiyle|imar değişikliğiyle} {yeşil alan|okul alanı} {konut alanına|ticari alana} çevrildi[, itiraz etmek istiyoruz].",
    "{kentsel dönüşüm|dönüşüm projesi} {yıllardır bekliyor|durdu|müteahhit kaçtı}.",
    "{kapı numaramız|adresimiz|numaratajımız} yanlış[, kargo gelmiyor].",
]
REQUEST = [
    "{balkonu kapatmak|cam balkon yaptırmak|çatı katı yapmak|ek oda yapmak|dükkana tente yapmak|tarlaya ahır yapmak} istiyorum[, izin gerekiyor mu]?",
    "{arsamın|parselimin|tarlamın} {imar durumunu|emsal değerini|kat yüksekliğini} öğrenmek istiyorum[, ada $N parsel $N][, online sorgulama var mı]?",
    "{yapı kullanma izni|iskan|yapı ruhsatı|yıkım ruhsatı|tadilat ruhsatı} için {randevu almak istiyorum|hangi belgeler gerekiyor|başvuru nasıl yapılır}?",
    "{binamızın|evimizin} {kentsel dönüşüm kapsamına alınması|riskli yapı tespiti} için {başvurmak istiyoruz|hangi belgeler lazım}.",
    "{tapuda hisseli arsamız|arsamız|evimiz} imar planında {yol|park alanı} olarak geçiyor[, kamulaştırma yapılacak mı]?",
    "{imar planı değişikliği|plan tadilatı} {askıya çıktı mı|ne zaman kesinleşecek}[, evimiz gidecek mi]?",
    "{eski binanın|yandaki binanın|çatlak binanın} {sağlamlığı|deprem dayanıklılığı} {kontrol edilsin|incelensin}.",
    "{numarataj|kapı numarası|adres} düzeltmesi nasıl yapılır?",
    "{mimari projemizin|statik projenin} onayı ne zaman çıkar?",
]
SUGGESTION = [
    "{imar durum belgesi|ruhsat başvurusu} {tamamen online|e-devletten} yapılabilsin.",
    "{kaçak yapılara|izinsiz katlara} karşı denetim artırılsın.",
    "{tarihi evler|eski Kayseri evleri} restore edilsin, yıkılmasın.",
]
THANKS = [
    "{kentsel dönüşüm projesiyle|dönüşümle} mahallemizin yenilenmesinde emeği geçenlere teşekkürler.",
    "{iskan işlemlerimiz|ruhsat başvurumuz} çok hızlı sonuçlandı, imar müdürlüğüne teşekkürler.",
]
SHORT = [
    "kaçak yapı", "ruhsatsız inşaat", "imar durumu", "kaçak kat çıkıyor", "iskan", "yapı ruhsatı",
    "metruk bina", "kentsel dönüşüm", "bina çatlak", "numarataj",
]
