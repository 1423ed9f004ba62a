"""Compose whole applications: a department's core sentence inside a channel's typical frame."""

import random

from services.routing.classifier.synth import noise
from services.routing.classifier.synth.grammar import expand

KINDS = ["complaint", "request", "suggestion", "thanks"]
KIND_WEIGHTS = [0.45, 0.35, 0.1, 0.1]
CHANNELS = ["phone", "walk_in", "web", "mobile", "email"]
CHANNEL_WEIGHTS = [0.25, 0.1, 0.25, 0.3, 0.1]

OPENERS = {
    "phone": [
        "Alo,", "Alo merhaba,", "İyi günler,", "Alo, $ILCE_DAN arıyorum.", "Merhaba, $MAH Mahallesi'nden arıyorum.",
        "Abi şimdi şöyle,", "Efendim,", "Alo kızım,", "Selamün aleyküm,", "Alo, bir şikayetim var.",
        "Merhaba, ben bir şey soracaktım.", "Alo, 153 mü orası?", "İyi akşamlar,", "Hanımefendi,", "",
    ],
    "email": [
        "Sayın Yetkili,", "Sayın yetkili,", "Merhaba,", "Sayın ilgili,", "İyi çalışmalar,", "Değerli yetkililer,",
        "Sayın Belediye,",
    ],
    "walk_in": ["", "", "Vatandaş bildirdi:", "Vatandaş beyanı:", "Masaya gelen vatandaş:", "Beyaz Masa notu:", "Bizzat geldim,", "Buraya kadar geldim,"],
    "web": ["", "", "", "Merhaba,", "Merhaba.", "Sayın belediye,", "Yetkililere,", "Selam,"],
    "mobile": ["", "", "", "", "merhaba", "selam", "slm"],
}
CLOSERS = {
    "complaint": [
        "Lütfen ilgilenin.", "Kimse ilgilenmiyor.", "Daha önce de bildirdim, sonuç yok.", "Yetkililerin dikkatine.",
        "Bu ne rezalet!", "Artık yeter.", "Ne zaman çözülecek?", "Kaç kere aradık, gelen giden yok.",
        "Başvuru no $NO, hâlâ bakan yok.", "Vergimizi veriyoruz.", "Bir an önce çözülsün.", "Fotoğrafı da var.",
        "Bilginize.", "Mağduruz.", "Çok rica ediyorum.", "Kimi arayalım bilmiyoruz.", "Herkes birbirine atıyor.",
    ],
    "request": [
        "Yardımcı olursanız sevinirim.", "Bilgi verirseniz sevinirim.", "Teşekkürler.", "Nasıl yapacağız?",
        "Şimdiden teşekkürler.", "Dönüş bekliyorum.", "Ne yapmam lazım?", "Nereye başvurmalıyım?", "Acil lütfen.",
    ],
    "suggestion": ["Önerimdir.", "Dikkate alınırsa sevinirim.", "Bence çok faydalı olur.", "Herkes memnun kalır.", ""],
    "thanks": ["Emeği geçenlere selamlar.", "Allah razı olsun.", "Sağ olun.", "İyi çalışmalar.", ""],
}
RAMBLES = [
    "Ben emekliyim, evde yalnız yaşıyorum.", "Çocuklar okula gidiyor, işe gidiyoruz, zor oluyor.",
    "Geçen sene de aynısı olmuştu.", "Muhtara da söyledik, size yönlendirdi.", "Komşular da şikayetçi.",
    "Seçimde söz verdiniz.", "Ne diyeyim bilmiyorum.", "Yani şimdi, nasıl anlatsam.", "Yaşlı annem de bizimle.",
    "Kaç yıldır burada oturuyoruz.", "Hep aynı şey, değişen bir şey yok.", "İş yerinden arıyorum, kısa keseceğim.",
]
LOCATION_TAILS = ["$MAH Mahallesi, $ILCE.", "$ILCE $MAH.", "$CADDE.", "$MAH, $CADDE civarı.", "$ILCE merkez.", "$MAH"]
SIGNOFFS = ["Saygılarımla.", "İyi çalışmalar dilerim.", "Gereğini arz ederim.", "Bilgilerinize sunarım."]


def compose(dept, rng: random.Random) -> dict:
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
    pool = {"complaint": dept.COMPLAINT, "request": dept.REQUEST, "suggestion": dept.SUGGESTION, "thanks": dept.THANKS}[kind]
    if rng.random() < 0.1:
        core = rng.choice(dept.SHORT)
        parts = [core] + ([f"$SURE" if kind == "complaint" else ""] if rng.random() < 0.3 else [])
        text = expand(" ".join(parts), rng)
        return _record(dept.CODE, kind, channel, noise.style(text, "mobile", rng))
    parts = [rng.choice(OPENERS[channel])]
    if channel == "phone" and rng.random() < 0.3:
        parts.append(rng.choice(RAMBLES))
    parts.extend(rng.sample(pool, 2 if rng.random() < 0.2 and len(pool) > 1 else 1))
    if rng.random() < 0.3:
        parts.append(rng.choice(LOCATION_TAILS))
    if rng.random() < 0.6:
        parts.append(rng.choice(CLOSERS[kind]))
    if channel == "email":
        parts.append(rng.choice(SIGNOFFS))
    text = noise.capitalise(expand(" ".join(p for p in parts if p), rng))
    return _record(dept.CODE, kind, channel, noise.style(text, channel, rng))


def _record(code: str, kind: str, channel: str, text: str) -> dict:
    return {"text": text, "kind": kind, "channel": channel, "department": code, "source": "synthetic"}
