"""KVKK rules for what intake holds about a citizen, as pure functions: which identifiers name a
person, how their applications are found, and what anonymising an application leaves."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic_core import PydanticCustomError

from services.intake.domain import validation as rules
from shared.erasure import subjects_for
from shared.pii import redact

ERASED_NAME = "[silindi]"


@dataclass(frozen=True)
class Identifiers:
    """A person's identifiers, normalised the way intake stores them."""

    phone: str | None = None
    email: str | None = None
    national_id: str | None = None

    @classmethod
    def parse(cls, phone: str | None, email: str | None, national_id: str | None) -> "Identifiers":
        """Raises PydanticCustomError naming the rule (never the value) when one is invalid or none is given."""
        ids = cls(rules.phone_e164(phone) if phone else None, rules.email(email) if email else None,
                  rules.national_id(national_id) if national_id else None)
        if not (ids.phone or ids.email or ids.national_id):
            raise PydanticCustomError("identifier_missing", "give a phone, an e-mail address or a national id")
        return ids

    def query(self) -> dict[str, Any]:
        """Applications naming this person by any of the identifiers."""
        either: list[dict[str, Any]] = []
        if self.phone:
            either.append({"citizen.phone": self.phone})
        if self.email:
            either.append({"citizen.email": {"$in": sorted({self.email, self.email.lower()})}})
        if self.national_id:
            either.append({"citizen.national_id": self.national_id})
        return either[0] if len(either) == 1 else {"$or": either}

    def subjects(self, secret: str) -> list[str]:
        """What `citizen.erasure_requested` sends instead of the identifiers (shared/erasure.py)."""
        return subjects_for(secret, phones=(self.phone,), email=self.email, national_id=self.national_id)


def anonymised(doc: dict[str, Any], now: datetime, why: str) -> dict[str, Any]:
    """The update that removes the personal data of one application. Kept: kind, service, district,
    neighbourhood, coordinates of the problem, status and timeline (the figures still add up)."""
    return {"$set": {
        "citizen": {"name": ERASED_NAME if (doc.get("citizen") or {}).get("name") else None,
                    "phone": None, "email": None, "national_id": None},
        "text": redact(doc.get("text")),
        "location.address": None,
        "consent.notify_sms": False, "consent.notify_email": False, "consent.department_contact": False,
        "erased": 1, "erased_why": why, "erased_ms": int(now.timestamp() * 1000)}}


def export_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """One application as the citizen's export shows it: everything intake holds, internals aside."""
    hidden = {"_id", "outbox", "outbox_pending", "outbox_seq", "outbox_at_ms", "outbox_claim_ms", "body_hash",
              "idempotency_key"}
    entry = {"tracking_no": doc["_id"]}
    entry.update({k: v for k, v in doc.items() if k not in hidden})
    return entry
