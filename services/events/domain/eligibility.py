"""Who may register for an event: age ranges, participant roles, consent and phone numbers.

Every refusal names the field and a machine-readable reason, with Turkish and English text, so
the caller (or the page) can say exactly what to fix.
"""

from dataclasses import dataclass, field
from datetime import date

import phonenumbers

from services.events.domain.model import ParticipantRole
from services.events.domain.timeutil import age_on

ADULT_AGE = 18


@dataclass(frozen=True)
class Rules:
    min_age: int | None = None
    max_age: int | None = None
    roles: tuple[str, ...] = ()

    @property
    def needs_birth_date(self) -> bool:
        return self.min_age is not None or self.max_age is not None

    @property
    def for_children(self) -> bool:
        """A child registers through a guardian, whose name and phone are then required."""
        return self.max_age is not None and self.max_age < ADULT_AGE


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str | None = None
    email: str | None = None
    birth_date: date | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    role: str | None = None
    company: str | None = None
    openings: int | None = None
    kvkk_ack: bool = False


@dataclass(frozen=True)
class Refusal:
    field: str
    reason: str
    message_en: str
    message_tr: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason, "message": self.message_en,
                "message_tr": self.message_tr}


@dataclass
class Checked:
    """An applicant who passed: normalised phone numbers and who is to be contacted."""

    refusals: list[Refusal] = field(default_factory=list)
    phone: str | None = None
    guardian_phone: str | None = None

    @property
    def ok(self) -> bool:
        return not self.refusals


def normalise_phone(raw: str | None) -> str | None:
    """E.164 for a valid number (region TR for national forms), None when it is not a number."""
    if not raw or not raw.strip():
        return None
    try:
        parsed = phonenumbers.parse(raw, "TR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _missing(name: str, en: str, tr: str) -> Refusal:
    return Refusal(name, "required", f"{en} is required for this event", f"Bu etkinlik için {tr} zorunludur")


def _phone(result: Checked, field_name: str, raw: str | None, en: str, tr: str) -> str | None:
    if not raw or not raw.strip():
        result.refusals.append(_missing(field_name, en, tr))
        return None
    e164 = normalise_phone(raw)
    if e164 is None:
        result.refusals.append(Refusal(field_name, "invalid_phone", f"{en} is not a valid phone number",
                                       f"{tr} geçerli bir telefon numarası değil"))
    return e164


def _check_age(rules: Rules, who: Applicant, day: date, result: Checked) -> None:
    if who.birth_date is None:
        result.refusals.append(_missing("birth_date", "The birth date", "doğum tarihi"))
        return
    age = age_on(who.birth_date, day)
    if (rules.min_age is not None and age < rules.min_age) or (rules.max_age is not None and age > rules.max_age):
        low = rules.min_age if rules.min_age is not None else 0
        high = rules.max_age if rules.max_age is not None else "∞"
        result.refusals.append(Refusal(
            "birth_date", "age_out_of_range",
            f"This event is for ages {low}–{high}; the participant is {age} on the session day",
            f"Bu etkinlik {low}–{high} yaş içindir; katılımcı etkinlik günü {age} yaşında"))


def _check_role(rules: Rules, who: Applicant, result: Checked) -> None:
    if not who.role:
        result.refusals.append(_missing("role", "A participant role", "katılımcı türü"))
        return
    if who.role not in rules.roles:
        allowed = ", ".join(rules.roles)
        result.refusals.append(Refusal("role", "role_not_allowed", f"This event accepts: {allowed}",
                                       f"Bu etkinliğe kabul edilen katılımcı türleri: {allowed}"))
        return
    if who.role == ParticipantRole.EMPLOYER:
        if not (who.company or "").strip():
            result.refusals.append(_missing("company", "The company name (employers)", "firma adı (işverenler için)"))
        if who.openings is None or who.openings < 1:
            result.refusals.append(Refusal(
                "openings", "required", "Employers give the number of openings (at least 1)",
                "İşverenler açık pozisyon sayısını (en az 1) belirtmelidir"))


def check(rules: Rules, who: Applicant, session_day: date) -> Checked:
    """Every refusal at once, so a form can show them all."""
    result = Checked()
    if not who.name or not who.name.strip():
        result.refusals.append(_missing("name", "The name", "ad soyad"))
    if not who.kvkk_ack:
        result.refusals.append(Refusal(
            "consent.kvkk_ack", "consent_required",
            "Registration needs acknowledgement of the KVKK personal data notice",
            "Kayıt için KVKK aydınlatma metninin onaylanması gerekir"))
    if rules.needs_birth_date:
        _check_age(rules, who, session_day, result)
    if rules.for_children:
        if not (who.guardian_name or "").strip():
            result.refusals.append(_missing("guardian_name", "The guardian's name", "veli adı soyadı"))
        result.guardian_phone = _phone(result, "guardian_phone", who.guardian_phone or who.phone,
                                       "The guardian's phone", "veli telefonu")
        if who.phone and who.guardian_phone:
            result.phone = normalise_phone(who.phone)
    else:
        result.phone = _phone(result, "phone", who.phone, "The phone number", "telefon numarası")
    if rules.roles:
        _check_role(rules, who, result)
    return result
