"""The GSM 03.38 / 3GPP TS 23.038 character tables an SMS can be encoded with.

The default alphabet and its extension table, and the Turkish national language locking and
single shift tables. A character from an extension (single shift) table costs two septets.
"""

DEFAULT_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
DEFAULT_EXTENSION = frozenset("\f^{}\\[~]|€")

TURKISH_LOCKING = frozenset(
    "@£$¥€éùıòÇ\nĞğ\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bŞşßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "İABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§çabcdefghijklmnopqrstuvwxyzäöñüà"
)
TURKISH_SINGLE_SHIFT = frozenset("\f^{}\\[~]|ĞİŞç€ğış")
