"""Emergency detection: present danger, with or without Turkish letters, not the mere topic."""

import pytest

from services.routing.classifier import detect_emergency
from services.routing.classifier.synth.noise import ascii_fold, upper_tr

pytestmark = pytest.mark.unit

POSITIVE = [
    ("doğalgaz kokusu var", "gas"),
    ("Mutfakta gaz kokuyor, ne yapalım?", "gas"),
    ("Merdiven boşluğunda gaz kokusu var ama çok hafif", "gas"),
    ("apartmanda gaz kaçağı var galiba", "gas"),
    ("Tüp sızdırıyor, evde ağır bir koku var", "gas"),
    ("Karşı binada yangın var, alevler pencereden çıkıyor!", "fire"),
    ("Ev yanıyor, çabuk gelin", "fire"),
    ("Sanayide bir depo yanıyor, dumanlar yükseliyor", "fire"),
    ("Arabam alev aldı Sivas Caddesi'nde", "fire"),
    ("Dün akşamdan beri duman kokusu vardı, şimdi bodrumda yangın var", "fire"),
    ("Yandaki bina çöküyor, duvarlar çatırdıyor", "collapse"),
    ("Eski ev çöktü, içinde insan olabilir", "collapse"),
    ("Bahçe duvarı yıkılmak üzere, altında çocuklar oynuyor", "collapse"),
    ("Enkaz altında kalan var!", "collapse"),
    ("Asansörde mahsur kaldık, 3 kişiyiz", "person_in_danger"),
    ("Çocuk kuyuya düştü, sesi geliyor", "person_in_danger"),
    ("Dereye bir adam düştü, boğuluyor", "person_in_danger"),
    ("Sobadan zehirlendiler, annem baygın", "person_in_danger"),
    ("Köprüde biri atlayacak gibi duruyor", "person_in_danger"),
    ("Kaza oldu yaralı var", "person_in_danger"),
    ("Çocuğum banyoda kilitli kaldı, kapıyı açamıyoruz", "person_in_danger"),
]
NEGATIVE = [
    "doğalgaz faturası çok yüksek geldi",
    "Bizim sokağı doğalgaz için kazdılar, sonra bıraktılar gittiler",
    "Doğalgaz faturasını ödeyemiyoruz, yakacak yardımı yapılıyor mu?",
    "Gaz kokusu yok artık, teşekkürler",
    "Apartmanımızda yangın tüpü yok, denetim yapılabilir mi?",
    "Çalışanlara yangın söndürme eğitimi verilmesini istiyoruz",
    "Geçen gece mutfakta çıkan yangına 6 dakikada yetişen itfaiye ekibine teşekkürler",
    "Komşunun sobası kötü yanıyor, bacadan is geliyor",
    "Sokak lambası yanmıyor 2 haftadır",
    "Yan bina terk edilmiş, geçen hafta küçük bir yangın çıktı, siz söndürdünüz",
    "Tramvay durağının yanındaki kaldırım tamamen çökmüş",
    "Kocasinan Bulvarı üzerinde yol çökmüş gibi, gece fark edilmiyor",
    "Bina eski, deprem olsa hepimizin üstüne yıkılır",
    "Kentsel dönüşümde evimiz yıkıldı, kira yardımı yatmadı",
    "Tarihi Kayseri evi yıkılıyor, durdurulması lazım",
    "Agacta bir kedi mahsur kaldi, iki gundur miyavliyor",
    "Havuzda cankurtaran bazen yok, çocuklar boğulacak",
    "Kadın konukevi hakkında bilgi almak istiyorum",
    "Bebek arabası kilitli kaldı, tekerleği dönmüyor",
    "Kapıda kaldım, anahtar içeride",
    "çöp alınmadı 3 gündür",
    "",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_emergencies_are_detected(text, kind):
    assert detect_emergency(text) == kind


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_emergencies_are_detected_without_turkish_letters_and_in_capitals(text, kind):
    assert detect_emergency(ascii_fold(text)) == kind
    assert detect_emergency(upper_tr(text)) == kind
    assert detect_emergency(upper_tr(ascii_fold(text))) == kind


@pytest.mark.parametrize("text", NEGATIVE)
def test_topics_that_are_not_emergencies(text):
    assert detect_emergency(text) is None
    assert detect_emergency(ascii_fold(text)) is None
