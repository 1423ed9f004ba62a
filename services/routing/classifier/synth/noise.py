"""How people really type: no Turkish letters, ALL CAPS, lower case, typos, dialect spellings."""

import random
import re

_ASCII = str.maketrans("çÇğĞıİöÖşŞüÜâÂîû", "cCgGiIoOsSuUaAiu")
_INFORMAL = [
    (r"yor\b", "yo"), (r"yorlar\b", "yolar"), (r"iyorum\b", "iyom"), (r"\bdeğil\b", "diil"),
    (r"\bbir\b", "bi"), (r"\bherkes\b", "herkez"), (r"\bne zaman\b", "nezaman"), (r"\byok mu\b", "yokmu"),
    (r"\bşey\b", "şi"), (r"\bgeliyor\b", "geliyo"), (r"\bmısınız\b", "mısınız"), (r"\bçünkü\b", "çünki"),
    (r"\bmalesef\b", "maalesef"), (r"\bmaalesef\b", "malesef"), (r"\byapıcaz\b", "yapacağız"),
    (r"acağız\b", "acaz"), (r"eceğiz\b", "ecez"), (r"\bda\b", "de"), (r"'", ""), (r"\bhala\b", "hâlâ"),
]
_KEYS = "qwertyuıopğüasdfghjklşizxcvbnmöç"


def ascii_fold(text: str) -> str:
    return text.translate(_ASCII)


def upper_tr(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def lower_tr(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def informal(text: str, rng: random.Random, rate: float = 0.4) -> str:
    for pattern, repl in _INFORMAL:
        if rng.random() < rate:
            text = re.sub(pattern, repl, text)
    return text


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(4):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case 2:
            return word[:i] + word[i] + word[i:]
        case _:
            return word[:i] + rng.choice(_KEYS) + word[i + 1 :]


def typos(text: str, rng: random.Random, count: int = 2) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    for i in rng.sample(candidates, min(count, len(candidates))):
        words[i] = _typo(words[i], rng)
    return " ".join(words)


def strip_punctuation(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[.,;:!?()\"]", " ", text)).strip()


def capitalise(text: str) -> str:
    """Upper-case the first letter of each sentence (Turkish-aware)."""
    def up(match: re.Match[str]) -> str:
        return match.group(1) + upper_tr(match.group(2))

    return re.sub(r"(^|[.!?]\s+)([a-zçğıöşü])", up, text)


def style(text: str, channel: str, rng: random.Random) -> str:
    """Apply channel-typical noise. About a quarter ends up without Turkish letters."""
    casual = channel in ("mobile", "web")
    if casual and rng.random() < 0.45:
        text = lower_tr(text)
    if rng.random() < (0.35 if casual else 0.1):
        text = informal(text, rng)
    if rng.random() < (0.2 if casual else 0.06):
        text = typos(text, rng, rng.choice([1, 1, 1, 2]))
    if casual and rng.random() < 0.25:
        text = strip_punctuation(text)
    if rng.random() < (0.1 if casual else 0.04):
        text = upper_tr(text) + rng.choice(["", "!", "!!", "!!!", "?!"])
    if rng.random() < (0.4 if casual else 0.12):
        text = ascii_fold(text)
    return text
