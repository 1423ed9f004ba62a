"""Feature extraction shared by training and prediction, so both see exactly the same features.

Text is folded the Turkish way (İ/ı, ş/s, ğ/g … → ASCII, repeats squeezed) so "ÇÖP ALINMADI",
"çöp alınmadı" and "cop alinmadi" are one text. Turkish is agglutinative (kaldırım-lar-ımız-da):
character n-grams inside word boundaries and word prefixes ("stems") carry the meaning that
suffixes would otherwise scatter over many rare word forms.
"""

import re

from services.routing.domain.turkish import fold

_DIGITS = re.compile(r"\d+")
STEM_LENGTHS = (4, 6)


def normalise(text: str) -> str:
    folded = fold(text or "")
    return _DIGITS.sub(lambda m: m.group(0) if m.group(0) == "153" else "0", folded)


def char_features(norm: str) -> list[str]:
    """Character 2–5-grams within word boundaries (like sklearn's char_wb)."""
    grams: list[str] = []
    for word in norm.split():
        padded = f" {word} "
        length = len(padded)
        for n in (2, 3, 4, 5):
            if length < n:
                break
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


def word_features(norm: str) -> list[str]:
    """Words, word bigrams and word prefixes (a light stemmer: suffixes removed by truncation)."""
    words = norm.split()
    feats = list(words)
    feats.extend(f"{a} {b}" for a, b in zip(words, words[1:]))
    for size in STEM_LENGTHS:
        stems = [w[:size] for w in words if len(w) > size]
        feats.extend(f"{s}~" for s in stems)
    short = [w[:5] for w in words]
    feats.extend(f"{a}~{b}~" for a, b in zip(short, short[1:]))
    return feats
