"""Emergencies the caller must escalate at once (and tell the citizen to call 112).

Patterns run on folded text (Turkish letters → ASCII, lower case), so "DOĞALGAZ KOKUSU",
"dogalgaz kokusu" and "doğalgaz kokuyor" all match. They look for the present danger, not the
topic: "doğalgaz faturası", "yangın tüpü dolumu", "kaldırım çökmüş", "kedi ağaçta mahsur" or a
thank-you for last week's fire are not emergencies.
"""

import re

from services.routing.domain.turkish import fold

_W = r"\w*"  # any Turkish suffix chain
_BUILDING = r"(bina|apartman|ev|evimiz|daire|duvar|cati|tavan|balkon|yapi|minare|istinat duvari|bodrum|kat)"
_PERSON = (
    r"(cocuk|bebek|adam|kadin|yasli|amca|teyze|biri|birisi|kisi|insan|isci|annem|babam|esim|kizim|oglum|"
    r"komsu|arkadas|ogrenci|hasta|yolcu|surucu|kardesim)"
)

_POSITIVE: dict[str, list[str]] = {
    "gas": [
        rf"\b(dogal ?gaz|gaz|tup)\w* (kokusu|koku|kokuyor|kaciyor|kacagi|kaciriyor|sizintisi|siziyor|sizdiriyor)",
        rf"\b(gaz|dogal ?gaz) kok{_W}",
        r"\b(dogal ?gaz|gaz) (patladi|patlamasi|kacak)",
        r"\btup patla\w*",
        r"\bkokusu (var|geliyor)\w* (dogal ?gaz|gaz)",
    ],
    "fire": [
        r"\byangin (var|cikti|basladi|buyuyor|yayiliyor)",
        rf"\b({_BUILDING}|mutfak|araba|arac|otobus|orman|dukkan|depo|ahir|samanlik|fabrika|her yer|agaclar|tarla){_W} (yaniyor|alev ?aldi|alev aliyor|tutustu|yanmaya basladi)",
        r"\balev(ler)?\w* (cikiyor|yukseliyor|gorunuyor|sardi|aldi)",
        rf"\b(duman|dumanlar) (yukseliyor|cikiyor|sardi|geliyor) (binadan|evden|pencereden|catidan|daireden|dukkandan)",
        r"\b(binadan|evden|pencereden|catidan|daireden|dukkandan) (kara )?duman (yukseliyor|cikiyor|geliyor)",
    ],
    "collapse": [
        rf"\b{_BUILDING}{_W} (coktu|cokuyor|cokecek gibi|cokmek uzere|yikildi|yikiliyor|yikilmak uzere|yikilacak gibi|gocuk|gocuyor|yan yatti|catirdiyor)",
        r"\benkaz (altinda|altina)",
        r"\bgocuk altinda",
    ],
    "person_in_danger": [
        rf"\b{_PERSON}{_W} (mahsur|bogul|nefes almiyor|bayildi|baygin|kanlar icinde|kuyuya dus|suya dus|sel sularina|akinti|elektrik carpti|akima kapildi|atlayacak|kendini as|darp ediliyor|bicaklandi|vuruldu|donmak uzere){_W}",
        r"\b(bogul(uyor|uyorum|uyoruz|maktadir|mak uzere))",
        r"\b(intihar|kendini oldurecek|kendimi oldurecegim)\w*",
        r"\basansorde (mahsur|kaldi|kaldik|kaldim|sikisti)\w*",
        r"\b(cocug|bebeg|cocuk|bebek)\w*(?! arabasi) (\w+ ){0,2}(kilitli kaldi|icerde kilitli|icinde kilitli)",
        r"\b(yarali|yaralilar) var\b",
        r"\b(zehirlen(di|dik|diler|iyor)|karbonmonoksit)\w*",
        r"\b(beni|bizi|annemi|cocuklari) (dovuyor|olduruyor|oldurecek|tehdit ediyor)",
        r"\bimdat\b",
    ],
}
# a match inside these is about something else: negations, past events being thanked for
_VETO: dict[str, list[str]] = {
    "gas": [r"gaz kokusu (yok|gelmiyor|kalmadi|gecti)", r"kokusu yok"],
    "fire": [
        r"\b(gecen|dun|gecenlerde|gecmiste)\w* (\w+ ){0,4}(cikan |olan )?yangin(?! var)",
        r"(yetisen|sondurdunuz|sondurulen|tesekkur)\w*",
    ],
    "collapse": [
        r"deprem olsa", r"bir gun yikil", r"kentsel donusum", r"yikim\w*", r"yiktir\w*",
        r"\b(tarihi|tescilli)\b", r"durdurul\w*", r"yikiyorlar",  # a demolition, not a collapse
    ],
    "person_in_danger": [r"bogul(acak|abilir)", r"tesekkur"],
}
_COMPILED = {
    name: ([re.compile(p) for p in pats], [re.compile(p) for p in _VETO.get(name, [])]) for name, pats in _POSITIVE.items()
}


def detect_emergency(text: str) -> str | None:
    """'gas' | 'fire' | 'collapse' | 'person_in_danger' | None."""
    folded = fold(text or "")
    for name, (positives, vetoes) in _COMPILED.items():
        if any(p.search(folded) for p in positives) and not any(v.search(folded) for v in vetoes):
            return name
    return None
