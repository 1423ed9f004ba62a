"""Kayseri places and small fillers for `$SLOT`s, with their Turkish case forms written out."""

import random

# district, locative, ablative
DISTRICTS = [
    ("Akkışla", "Akkışla'da", "Akkışla'dan"), ("Bünyan", "Bünyan'da", "Bünyan'dan"),
    ("Develi", "Develi'de", "Develi'den"), ("Felahiye", "Felahiye'de", "Felahiye'den"),
    ("Hacılar", "Hacılar'da", "Hacılar'dan"), ("İncesu", "İncesu'da", "İncesu'dan"),
    ("Kocasinan", "Kocasinan'da", "Kocasinan'dan"), ("Melikgazi", "Melikgazi'de", "Melikgazi'den"),
    ("Özvatan", "Özvatan'da", "Özvatan'dan"), ("Pınarbaşı", "Pınarbaşı'nda", "Pınarbaşı'ndan"),
    ("Sarıoğlan", "Sarıoğlan'da", "Sarıoğlan'dan"), ("Sarız", "Sarız'da", "Sarız'dan"),
    ("Talas", "Talas'ta", "Talas'tan"), ("Tomarza", "Tomarza'da", "Tomarza'dan"),
    ("Yahyalı", "Yahyalı'da", "Yahyalı'dan"), ("Yeşilhisar", "Yeşilhisar'da", "Yeşilhisar'dan"),
]
# the big three appear far more often in real traffic
DISTRICT_WEIGHTS = [1, 2, 3, 1, 3, 2, 12, 14, 1, 1, 1, 1, 8, 1, 1, 1]

NEIGHBOURHOODS = [
    "Gesi Fatih", "Hunat", "Köşk", "Esentepe", "Gültepe", "Hürriyet", "İldem Cumhuriyet", "Anbar",
    "Kazımkarabekir", "Aydınlıkevler", "Yıldırım Beyazıt", "Kıranardı", "Battalgazi", "Alpaslan",
    "Erciyesevler", "Mimarsinan", "Beyazşehir", "Argıncık", "Yenimahalle", "Sahabiye", "Fevziçakmak",
    "Ziya Gökalp", "Yavuz Selim", "Şeker", "Barsama", "Uğurevler", "Gevhernesibe", "Mevlana",
    "Harman", "Bahçelievler", "Kiçiköy", "Reşadiye", "Başakpınar", "Zincidere", "Örenşehir",
    "Sultanhanı", "Aşağıeverek", "Fenese", "Erkilet", "Talas Yenidoğan", "Keykubat", "Selimiye",
    "Tacettin Veli", "Germir", "Obruk", "Yeşilyurt", "Osman Kavuncu", "Sanayi", "Mustafa Şimşek",
]
STREETS = [
    "Sivas Caddesi", "Talas Caddesi", "Kocasinan Bulvarı", "Osman Kavuncu Bulvarı", "Sivas Bulvarı",
    "Mustafa Kemal Paşa Bulvarı", "Atatürk Bulvarı", "Tennuri Caddesi", "Sahabiye Caddesi",
    "Nuh Naci Yazgan Caddesi", "Bozantı Caddesi", "Gevher Nesibe Caddesi", "Erciyes Bulvarı",
    "Hunat Caddesi", "Kartal Caddesi", "Ahmet Paşa Caddesi", "Kızılırmak Caddesi",
]
LANDMARKS = [
    "Cumhuriyet Meydanı", "Kapalı Çarşı", "Düvenönü", "Kartal Kavşağı", "Erciyes Üniversitesi",
    "Anbar sanayi", "OSB", "şehir hastanesi", "Forum AVM", "Kayseri Park", "Kale", "Kiçikapı",
    "otogar", "İstasyon", "Hunat Camii", "eski sanayi", "Talas kampüs",
]
NEAR = [
    "evimizin önünde", "sokağımızda", "mahallemizde", "bizim sokakta", "apartmanımızın önünde",
    "okulun önünde", "caminin yanında", "pazar yerinin orada", "sitemizin girişinde", "köşede",
    "eczanenin karşısında", "marketin önünde", "bizim caddede", "köyümüzde", "arka sokakta",
    # landmarks that name other departments' things: a place is not the problem
    "parkın yanındaki yolda", "parkın girişinde", "otobüs durağının yanında", "durağın karşısında",
    "tramvay hattının yanında", "spor salonunun arkasında", "kütüphanenin önünde", "kültür merkezinin yanında",
    "çöp konteynerlerinin yanında", "pazar yerinde", "hastanenin karşısında", "caminin bahçesinde",
    "inşaatın yanında", "fırının önünde", "halı sahanın yanında", "okul bahçesinin yanında",
    "köprünün altında", "ağaçların altında", "kafenin önünde", "havuzun yakınında",
]
DURATIONS = [
    "3 gündür", "üç gündür", "bir haftadır", "1 haftadır", "iki haftadır", "aylardır", "2 aydır",
    "dünden beri", "sabahtan beri", "10 gündür", "günlerdir", "haftalardır", "bir aydır", "4 gündür",
    "yıllardır", "geçen haftadan beri", "bayramdan beri", "kıştan beri",
]
TIMES = ["gece 11'de", "gece yarısı", "sabah 6'da", "akşam 9'dan sonra", "gece 2'de", "sabahın köründe", "öğle saatinde"]


def _district(rng: random.Random) -> tuple[str, str, str]:
    return rng.choices(DISTRICTS, weights=DISTRICT_WEIGHTS)[0]


def _place_locative(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.choice(NEIGHBOURHOODS)} Mahallesi'nde"
    if roll < 0.5:
        return f"{rng.choice(STREETS)} üzerinde"
    if roll < 0.6:
        return f"{rng.choice(LANDMARKS)} civarında"
    if roll < 0.75:
        return _district(rng)[1]
    return rng.choice(NEAR)


def slot(name: str, rng: random.Random) -> str:
    match name:
        case "ILCE":
            return _district(rng)[0]
        case "ILCE_DA":
            return _district(rng)[1]
        case "ILCE_DAN":
            return _district(rng)[2]
        case "MAH":
            return rng.choice(NEIGHBOURHOODS)
        case "CADDE":
            return rng.choice(STREETS)
        case "YER":
            return _place_locative(rng)
        case "SURE":
            return rng.choice(DURATIONS)
        case "SAAT":
            return rng.choice(TIMES)
        case "NO":
            return rng.choice([f"{rng.randint(1000000, 9999999)}", f"2024-{rng.randint(10000, 99999)}", f"153-2025-{rng.randint(100000, 999999)}"])
        case "N":
            return str(rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20]))
    raise KeyError(name)
