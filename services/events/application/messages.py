"""The messages notify receives, built from an event, one of its sessions and a registration."""

from typing import Any

from services.events.domain.timeutil import from_ts
from shared.contracts import events as contracts
from shared.contracts.common import Consent, Contact
from shared.contracts.envelope import OutgoingMessage, envelope

PRODUCER = "events"


def _common(event: dict[str, Any], session: dict[str, Any], reg: dict[str, Any], version: int) -> dict[str, Any]:
    return {
        "registration_id": reg["_id"],
        "event_id": event["_id"],
        "event_type": event.get("type"),
        "event_title_tr": event["title_tr"],
        "event_title_en": event.get("title_en"),
        "session_id": session["_id"],
        "session_start": from_ts(session["start_ts"]),
        "session_end": from_ts(session["end_ts"]),
        "venue": event.get("venue"),
        "contact": Contact.model_validate(reg.get("contact") or {}),
        "consent": Consent.model_validate(reg.get("consent") or {}),
        "version": version,
    }


def _wrap(payload: contracts.RegistrationMessage) -> OutgoingMessage:
    return envelope(payload, producer=PRODUCER, correlation_id=payload.registration_id)


def confirmed(event, session, reg, version: int) -> OutgoingMessage:
    return _wrap(contracts.RegistrationConfirmed(**_common(event, session, reg, version),
                                                 checkin_code=reg["checkin_code"]))


def waitlisted(event, session, reg, version: int, position: int) -> OutgoingMessage:
    return _wrap(contracts.RegistrationWaitlisted(**_common(event, session, reg, version), position=position))


def promoted(event, session, reg, version: int) -> OutgoingMessage:
    return _wrap(contracts.RegistrationPromoted(**_common(event, session, reg, version),
                                                checkin_code=reg["checkin_code"]))


def cancelled(event, session, reg, version: int, reason: str) -> OutgoingMessage:
    return _wrap(contracts.RegistrationCancelled(**_common(event, session, reg, version), reason=reason))


def reminder(event, session, reg, version: int) -> OutgoingMessage:
    return _wrap(contracts.ReminderDue(**_common(event, session, reg, version)))
