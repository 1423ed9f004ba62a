"""How many SMS segments a text costs, and shortening a text to fit, never mid-word.

An SMS carries 140 octets: 160 GSM-7 septets or 70 UCS-2 characters. A long text is split into
parts that each lose 6 octets to the concatenation header (153 / 67). The Turkish national
language tables (3GPP TS 23.038) encode ç ğ ı İ ş Ş Ğ in GSM-7 at the price of a 3-octet header
per table, which is usually far cheaper than falling back to UCS-2 for the whole text.
"""

import re
from dataclasses import dataclass
from math import ceil

from services.notify.domain.gsm import (
    DEFAULT_BASIC,
    DEFAULT_EXTENSION,
    TURKISH_LOCKING,
    TURKISH_SINGLE_SHIFT,
)

OCTETS = 140
CONCAT_HEADER = 6  # UDHL + 16-bit concatenation IE: the reference costs 5 octets, plus the length byte
SHIFT_IE = 3
ELLIPSIS = "..."


@dataclass(frozen=True)
class Encoding:
    name: str
    basic: frozenset[str] | None  # None: UCS-2
    extension: frozenset[str] = frozenset()
    shift_tables: int = 0


ENCODINGS = (
    Encoding("gsm7", DEFAULT_BASIC, DEFAULT_EXTENSION),
    Encoding("gsm7-tr-single", DEFAULT_BASIC, TURKISH_SINGLE_SHIFT, 1),
    Encoding("gsm7-tr-locking", TURKISH_LOCKING, DEFAULT_EXTENSION, 1),
    Encoding("gsm7-tr-locking-single", TURKISH_LOCKING, TURKISH_SINGLE_SHIFT, 2),
)
UCS2 = Encoding("ucs2", None)


@dataclass(frozen=True)
class SmsMeasure:
    encoding: str
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def _capacity(enc: Encoding, parts: int) -> int:
    """Characters (septets or UTF-16 units) one part holds."""
    header = enc.shift_tables * SHIFT_IE + (CONCAT_HEADER if parts > 1 else 0)
    if header:
        header += 1 if enc.shift_tables and parts == 1 else 0  # the UDH length octet
    if enc.basic is None:
        return (OCTETS - header) // 2
    return (OCTETS * 8 - header * 8) // 7


def _segments(enc: Encoding, units: int) -> int:
    if units <= _capacity(enc, 1):
        return 1
    return ceil(units / _capacity(enc, 2))


def _septets(enc: Encoding, text: str) -> int | None:
    count = 0
    for ch in text:
        if ch in enc.basic:  # type: ignore[operator]
            count += 1
        elif ch in enc.extension:
            count += 2
        else:
            return None
    return count


def measure(text: str, *, national_shift: bool = True) -> SmsMeasure:
    """The cheapest encoding of `text` (fewest segments, then fewest header octets)."""
    best: SmsMeasure | None = None
    for enc in ENCODINGS if national_shift else ENCODINGS[:1]:
        units = _septets(enc, text)
        if units is None:
            continue
        candidate = SmsMeasure(enc.name, units, _segments(enc, units))
        if best is None or candidate.segments < best.segments:
            best = candidate
    if best is not None:
        return best
    units = len(text.encode("utf-16-le")) // 2
    return SmsMeasure(UCS2.name, units, _segments(UCS2, units))


_WORD_END = re.compile(r"\S+")


def _cut_points(text: str) -> list[int]:
    """Offsets just after each word, longest first."""
    return [m.end() for m in _WORD_END.finditer(text)][::-1]


def shorten(text: str, fits, ellipsis: str = ELLIPSIS) -> str:
    """The longest prefix of `text` ending at a word boundary, plus an ellipsis, that `fits`."""
    if fits(text):
        return text
    for end in _cut_points(text):
        candidate = text[:end].rstrip(" ,;:-") + ellipsis
        if end < len(text) and fits(candidate):
            return candidate
    return ellipsis if fits(ellipsis) else ""


def fit_segments(text: str, max_segments: int, *, national_shift: bool = True) -> str:
    return shorten(text, lambda t: measure(t, national_shift=national_shift).segments <= max_segments)
