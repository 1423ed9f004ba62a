"""Turkish text normalisation for matching and classification.

`str.casefold` is not enough: it maps "I" to "i" (Turkish: "ı") and "İ" to "i̇" (i + combining dot).
People also type without Turkish letters ("cop alinmadi"), so matching folds both spellings to
ASCII after a Turkish-aware lower-casing.
"""

import re
import unicodedata

_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_REPEATS = re.compile(r"(.)\1{2,}")


def turkish_lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_LOWER).lower()


def fold(text: str) -> str:
    """Lower-case the Turkish way, then drop the Turkish letters' marks: 'ÇÖP ALINMADI' → 'cop alinmadi'."""
    folded = turkish_lower(text).translate(_ASCII)
    if not folded.isascii():  # most texts are plain ASCII by now: no marks left to drop
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _REPEATS.sub(r"\1\1", folded)  # "cooook" → "cook": shouting is not a new word
    return _NON_WORD.sub(" ", folded).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()
