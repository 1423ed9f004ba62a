"""Field rules of an application, as pure functions. Each raises a `PydanticCustomError` whose
message names the rule broken (never the value, which may be personal data)."""

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.tr import tckimlik

from services.intake.domain.turkish import fold
from shared.enums import DISTRICTS

# Kayseri province with a small margin (its extreme points lie near 37.75–39.85 N, 34.95–36.95 E).
LAT_MIN, LAT_MAX = 37.70, 39.90
LON_MIN, LON_MAX = 34.85, 37.00
TEXT_MAX = 4000
MAX_MEDIA = 5

_DISTRICTS_BY_FOLD = {fold(d): d for d in DISTRICTS}


def phone_e164(value: str) -> str:
    """Any Turkish way of writing a number ('0532 123 45 67', '+90 532…', '5321234567') → E.164."""
    try:
        number = phonenumbers.parse(value, "TR")
    except phonenumbers.NumberParseException:
        raise PydanticCustomError("phone_invalid", "not a phone number (telefon numarası geçersiz)") from None
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone_invalid", "not a valid phone number (telefon numarası geçersiz)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_id(value: str) -> str:
    """The T.C. kimlik no: 11 digits, the first not 0, with its two check digits."""
    try:
        return tckimlik.validate(value)
    except StdnumError:
        raise PydanticCustomError(
            "national_id_invalid", "not a valid T.C. kimlik no (11 digits with valid check digits)") from None


def email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise PydanticCustomError("email_invalid", "not a valid e-mail address (e-posta adresi geçersiz)") from None


def district(value: str) -> str:
    """One of Kayseri's 16 districts, however it is cased or spelled without Turkish letters."""
    canonical = _DISTRICTS_BY_FOLD.get(fold(value))
    if canonical is None:
        raise PydanticCustomError("district_unknown", "not one of Kayseri's 16 districts: {allowed}",
                                  {"allowed": ", ".join(DISTRICTS)})
    return canonical


def latitude(value: float) -> float:
    if not LAT_MIN <= value <= LAT_MAX:
        raise PydanticCustomError("outside_kayseri", "latitude outside Kayseri province ({lo}–{hi})",
                                  {"lo": LAT_MIN, "hi": LAT_MAX})
    return value


def longitude(value: float) -> float:
    if not LON_MIN <= value <= LON_MAX:
        raise PydanticCustomError("outside_kayseri", "longitude outside Kayseri province ({lo}–{hi})",
                                  {"lo": LON_MIN, "hi": LON_MAX})
    return value


def text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("text_empty", "must not be empty (başvuru metni boş olamaz)")
    if len(stripped) > TEXT_MAX:
        raise PydanticCustomError("text_too_long", "at most {max} characters", {"max": TEXT_MAX})
    return stripped


def media_url(value: str) -> str:
    value = value.strip()
    if not value.lower().startswith(("https://", "http://")) or len(value) > 2000 or " " in value:
        raise PydanticCustomError("url_invalid", "must be an http(s) URL of at most 2000 characters")
    return value
