"""Turkish-aware folding for matching what people type ("kocasınan", "KOCASINAN", "Kocasinan").

`str.casefold` maps "I" to "i" (Turkish: "ı") and "İ" to "i̇"; fold explicitly instead.
"""

import unicodedata

_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u"})


def fold(text: str) -> str:
    """'Özvatan' → 'ozvatan', 'PINARBAŞI' → 'pinarbasi'."""
    folded = unicodedata.normalize("NFC", text.strip()).translate(_LOWER).lower().translate(_ASCII)
    folded = unicodedata.normalize("NFKD", folded)
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())
