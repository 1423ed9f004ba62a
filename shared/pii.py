"""Find and mask personal data (phone, e-mail, national id) written into free text."""

import re

from stdnum.tr import tckimlik

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Turkish phone numbers as people write them: +90 532 123 45 67, 0532-123-4567, 5321234567 …
_PHONE = re.compile(r"(?<!\d)(?:\+?90[\s.-]?)?\(?0?\s?5\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}(?!\d)"
                    r"|(?<!\d)(?:\+?90[\s.-]?)?\(?0?\s?[2-4]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}(?!\d)")
_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")
# What every phone number and national id above contains: ten digits, each at most two separators
# from the next. Text without it (and without "@") has nothing to mask, and is passed at once:
# redact runs on every log line and every id made, where the full patterns cost ~30 µs.
_TEN_DIGITS_CLOSE = re.compile(r"\d(?:[\s.()+-]{0,2}\d){9}")

EMAIL_MASK = "[e-posta gizlendi]"
PHONE_MASK = "[telefon gizlendi]"
NATIONAL_ID_MASK = "[TC kimlik no gizlendi]"


def _national_id(match: re.Match[str]) -> str:
    return NATIONAL_ID_MASK if tckimlik.is_valid(match.group(0)) else match.group(0)


def redact(text: str | None) -> str | None:
    """Mask e-mail addresses, phone numbers and valid national ids in free text."""
    if not text or ("@" not in text and not _TEN_DIGITS_CLOSE.search(text)):
        return text
    return _mask_all(text)


def _mask_all(text: str) -> str:
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _ELEVEN_DIGITS.sub(_national_id, text)
    return _PHONE.sub(PHONE_MASK, text)


def mask_phone(phone: str | None) -> str | None:
    """+905321234567 → +90532*****67 (for logs of deliveries, never the full number)."""
    if not phone:
        return phone
    return phone[:6] + "*" * max(0, len(phone) - 8) + phone[-2:]


def mask_email(email: str | None) -> str | None:
    if not email or "@" not in email:
        return email
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"
