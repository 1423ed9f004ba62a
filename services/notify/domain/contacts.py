"""Phone numbers and SMS keywords as citizens type them."""

import phonenumbers

_ASCII_UPPER = str.maketrans({"ç": "C", "ğ": "G", "ı": "I", "i": "I", "ö": "O", "ş": "S", "ü": "U",
                              "Ç": "C", "Ğ": "G", "İ": "I", "Ö": "O", "Ş": "S", "Ü": "U"})


def e164(phone: str | None) -> str | None:
    """+90 532 123 45 67, 0532 123 4567 … → +905321234567; unparseable input is kept as given
    (the SMS provider then refuses it permanently)."""
    if not phone:
        return None
    try:
        number = phonenumbers.parse(phone, "TR")
    except phonenumbers.NumberParseException:
        return phone.strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def keyword(text: str | None) -> str:
    """The first word of an SMS, upper-cased the Turkish way without marks: 'İptal' → 'IPTAL'."""
    words = (text or "").split()
    return words[0].translate(_ASCII_UPPER).upper().strip(".!,") if words else ""
