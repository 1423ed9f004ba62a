CODE = "cevre"

COMPLAINT = [
    "{çöp|çöpler} {alınmadı|toplanmadı|alınmıyor|birikmiş} $SURE[, $YER][, {koku dayanılmaz|kediler köpekler dağıtıyor|sinek kaynıyor}].",
    "{çöp kamyonu|çöp arabası|temizlik aracı} {bizim sokağa|mahalleye} {uğramadı|gelmiyor|gelmedi} $SURE.",
    "{konteyner|çöp konteyneri|çöp kutusu|konteynerler} {dolup taşıyor|yetersiz|kırık|kapağı kırık|yıkanmıyor|çok pis|tekerleği kırık}[, $YER].",
    "{çöp kamyonu|çöp aracı} {sabah 5'te|gece yarısı|çok erken} geliyor[, {konteyneri indirirken çok gürültü yapıyor|bütün sokak uyanıyor}].",
    "{boş arsaya|dere kenarına|yol kenarına|tarlaya} {hafriyat|moloz|inşaat atığı|çöp} {döküyorlar|dökülüyor|bırakıyorlar}[, {gece kamyonlarla|plakaları not aldım}].",
    "{fabrikanın bacasından|bir tesisten|sanayiden|atölyeden} {kapkara duman|is|kötü koku|toz} {çıkıyor|yayılıyor}[, {gece yarısından sonra|özellikle akşamları}][, nefes alamıyoruz].",
    "{çöp döküm sahasından|katı atık tesisinden|arıtmadan|gübre tesisinden} {gelen koku|yayılan koku} {mahalleyi sardı|dayanılmaz|balkona çıkamıyoruz}.",
    "{dereye|su kanalına|dere yatağına} {atık|çöp|kimyasal|hayvan gübresi|lağım} {dökülüyor|akıtılıyor}[, {sinek ve koku|su köpürüyor|balıklar öldü}].",
    "{biri|komşular|esnaf} {çöpünü|atıklarını|eski koltuğunu|yatağını} {sokağa|kaldırıma|konteyner yanına} bırakıyor[, $SURE duruyor].",
    "{pazar bitince|pazar sonrası|şenlikten sonra} çöpler {kalıyor|toplanmıyor}[, poşetler her yere uçuyor].",
    "{sokaklar|caddeler} {süpürülmüyor|çok pis|toz toprak içinde}[, temizlik ekibi gelmiyor].",
    "{mahallede|tarlada|bahçede} {çöp|lastik|plastik|kablo|anız} yakıyorlar[, duman evlere doluyor].",
    "{mermer atölyesinden|taş ocağından|beton santralinden|asfalt plentinden} {toz|toz ve is|kötü koku} {çıkıyor|evlere doluyor}[, astımlı çocuğum var].",
    "{yıkım|inşaat} sırasında {sulama yapılmıyor|toz bulutu kalkıyor}[, moloz kaldırıma taşmış].",
    "{geri dönüşüm kutusu|atık pil kutusu|cam kumbarası} {yok|dolu|hiç boşaltılmıyor}.",
    "{kömür dumanı|soba dumanı|hava kirliliği} {çok arttı|nefes aldırmıyor}[, kışın şehir görünmüyor].",
]
REQUEST = [
    "{evdeki eski eşyaları|eski koltuğu|eski buzdolabını ve televizyonu|elektronik atıkları|eski yatakları} belediye {alıyor mu|alabilir mi}[, yoksa bir yere mi bırakmamız lazım]?",
    "{ikinci bir konteyner|yeni konteyner|büyük konteyner} {talep ediyoruz|istiyoruz|konulsun}[, $YER][, 40 daireli bina için bir tane var].",
    "{geri dönüşüm kutusu|atık pil kutusu|cam kumbarası|atık yağ bidonu} {koyar mısınız|talep ediyoruz}[, siteye][, ayrıştırmak istiyoruz].",
    "{konteynerin|çöp kutularının} {yıkanmasını|dezenfekte edilmesini|yerinin değiştirilmesini} istiyoruz.",
    "{bahçe atıklarını|budanan dalları|moloz çuvallarını} {nasıl attıracağız|alır mısınız}?",
    "{çöp toplama saatleri|çöp alım günleri} {nedir|ne zaman}[, $MAH için]?",
    "{hava kalitesi ölçümü|gürültü ve toz ölçümü|emisyon ölçümü} {yapılmasını|yapılsın} talep ediyorum.",
    "{kaçak dökümün|çöp yakılmasının} {önlenmesini|denetlenmesini} istiyoruz.",
    "{kullanılmış kızartma yağı|atık ilaç|atık pil} nereye {teslim edilir|atılır}?",
]
SUGGESTION = [
    "{çöp kutuları|konteynerler} {akşam bir sefer daha|günde iki kez} boşaltılsa yeter.",
    "{her sokağa|mahallelere|okullara} {geri dönüşüm kutusu|atık pil kutusu} konulsun.",
    "çöp {toplama saati|kamyonu} {gece değil gündüz|daha geç} olsun.",
    "{yeraltı konteynerine|kapalı konteynere} geçilsin[, koku ve görüntü kirliliği biter].",
    "{sokaklar|meydan} {yıkansın|daha sık süpürülsün}.",
]
THANKS = [
    "çöplerimizi {her gün|düzenli|bayramda bile} alan {temizlik ekibine|çöp toplayan arkadaşlara} teşekkür ederim.",
    "{sokaklarımızı süpüren|konteynerleri yıkayan} {temizlik işçilerine|ekiplere} teşekkürler.",
    "{eski eşyalarımızı|molozumuzu} {hemen|ertesi gün} aldınız, teşekkürler.",
]
SHORT = [
    "çöp alınmadı", "çöpler toplanmadı", "konteyner dolu", "konteyner kırık", "çöp kokuyor",
    "moloz dökülmüş", "fabrika duman", "çöp kamyonu gelmedi", "çöp dağılmış", "eski koltuk alınsın",
]
