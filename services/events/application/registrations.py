"""Registering for a session: open checks, eligibility, a seat or a waitlist place, duplicates."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.events.application import messages
from services.events.application.errors import Conflict, NotFound, Refused
from services.events.application.places import promote
from services.events.application.ports import Ports
from services.events.domain import codes
from services.events.domain.eligibility import Applicant, Rules, check
from services.events.domain.model import EventState, RegistrationStatus
from services.events.domain.timeutil import from_ts, local, ts
from shared.erasure import subjects_for
from shared.ids import new_id
from shared.outbox import current_trace_context, outbox_fields
from shared.metrics import instruments

CONFIRMED, WAITLISTED, CANCELLED = (s.value for s in RegistrationStatus)


@dataclass
class NewRegistration:
    event_id: str
    session_id: str
    applicant: Applicant
    notify_sms: bool = False
    notify_email: bool = False
    idempotency_key: str | None = None


@dataclass
class Registered:
    registration: dict[str, Any]
    secret: str
    position: int | None
    replayed: bool = False


def rules_of(event: dict[str, Any]) -> Rules:
    return Rules(min_age=event.get("min_age"), max_age=event.get("max_age"), roles=tuple(event.get("roles") or ()))


async def _open_session(ports: Ports, event_id: str, session_id: str, now: datetime):
    event = await ports.events.get_event(event_id)
    if event is None or event["state"] == EventState.DRAFT.value:
        raise NotFound("event")
    session = await ports.events.get_session(session_id)
    if session is None or session["event_id"] != event_id:
        raise NotFound("session")
    if event["state"] != EventState.PUBLISHED.value:
        raise Conflict("event_not_open", f"the event is {event['state']}; it takes no registrations")
    now_ts = ts(now)
    if (event.get("registration_opens_ts") or 0) > now_ts:
        raise Conflict("registration_not_open_yet", "registration for this event has not opened yet")
    closes = event.get("registration_closes_ts")
    if (closes is not None and closes < now_ts) or session["start_ts"] <= now_ts:
        raise Conflict("registration_closed", "registration for this session is closed")
    return event, session


def _document(cmd: NewRegistration, event, session, checked, now: datetime, hmac_key: str) -> dict[str, Any]:
    who = cmd.applicant
    child = rules_of(event).for_children
    key = codes.child_key(who.name, who.birth_date) if child else codes.adult_key(checked.phone)
    contact = ({"name": who.guardian_name.strip(), "phone": checked.guardian_phone, "email": who.email} if child
               else {"name": who.name.strip(), "phone": checked.phone, "email": who.email})
    return {
        "_id": new_id("rg"), "event_id": event["_id"], "event_type": event["type"], "session_id": session["_id"],
        "participant_key": key, "name": who.name.strip(), "phone": checked.phone, "email": who.email,
        "birth_date": who.birth_date.isoformat() if who.birth_date else None,
        "guardian_name": who.guardian_name if child else None, "guardian_phone": checked.guardian_phone,
        "role": who.role, "company": who.company, "openings": who.openings, "contact": contact,
        "consent": {"kvkk_ack": who.kvkk_ack, "notify_sms": cmd.notify_sms, "notify_email": cmd.notify_email},
        "checkin_code": codes.new_checkin_code(), "checked_in": 0, "reminder_sent": 0, "promotion_pending": 0,
        "erased": 0,
        "subjects": subjects_for(hmac_key, phones=(checked.phone, checked.guardian_phone), email=who.email),
        "session_start_ts": session["start_ts"], "session_end_ts": session["end_ts"],
        "version": 1, "created_ts": ts(now), "updated_ts": ts(now), "cancel_reason": None,
        "idempotency_hash": codes.hash_secret(cmd.idempotency_key) if cmd.idempotency_key else None,
    }


async def register(ports: Ports, cmd: NewRegistration, now: datetime) -> Registered:
    event, session = await _open_session(ports, cmd.event_id, cmd.session_id, now)
    checked = check(rules_of(event), cmd.applicant, local(from_ts(session["start_ts"])).date())
    if not checked.ok:
        raise Refused(checked.refusals)
    doc = _document(cmd, event, session, checked, now, ports.erasure_secret)
    if existing := await ports.registrations.active_by_key(session["_id"], doc["participant_key"]):
        return await _replay_or_refuse(ports, existing["_id"], cmd)
    secret = codes.new_secret()
    doc["secret_hash"] = codes.hash_secret(secret)
    # Scheduled work about this registration (its reminder) starts a trace linked to this one.
    doc["trace_context"] = current_trace_context()
    seated, arrival, position = await ports.events.take_seat(session["_id"])
    doc.update(arrival=arrival, status=CONFIRMED if seated else WAITLISTED)
    if (replay := await _insert(ports, doc, event, session, seated, position, cmd)) is not None:
        return replay
    ports.publish_after(doc)
    instruments().registrations.add(1, {"outcome": doc["status"], "event_type": str(event.get("type", "other"))})
    if not seated:
        # A seat may have been freed between taking our place in the queue and writing it.
        await promote(ports, session["_id"])
    return Registered(doc, secret, None if seated else position)


async def _insert(ports: Ports, doc: dict[str, Any], event, session, seated: bool, position: int,
                  cmd: NewRegistration) -> Registered | None:
    """Write the registration with its first message in one insert (the outbox); a replay's
    answer when a concurrent copy of the same request won."""
    for _ in range(5):
        msg = (messages.confirmed(event, session, doc, 1) if seated
               else messages.waitlisted(event, session, doc, 1, position))
        doc.update(outbox_fields([msg]))
        try:
            await ports.registrations.insert(doc)
            return None
        except DuplicateKeyError:
            if existing := await ports.registrations.active_by_key(doc["session_id"], doc["participant_key"]):
                await ports.events.release(doc["session_id"], seat=seated)
                if seated:
                    await promote(ports, doc["session_id"])
                return await _replay_or_refuse(ports, existing["_id"], cmd)
            doc["checkin_code"] = codes.new_checkin_code()  # the rare code collision: draw again
    raise RuntimeError("could not draw a free check-in code")


async def _replay_or_refuse(ports: Ports, registration_id: str, cmd: NewRegistration) -> Registered:
    """A retry with the same Idempotency-Key gets its registration back, with a fresh secret
    code (only hashes are stored); anyone else registering the same person gets 409."""
    reg = await ports.registrations.get(registration_id)
    key = cmd.idempotency_key
    if reg is None or not key or reg.get("idempotency_hash") != codes.hash_secret(key):
        raise _duplicate()
    secret = codes.new_secret()
    await ports.registrations.set_secret(registration_id, codes.hash_secret(secret))
    position = None
    if reg["status"] == WAITLISTED:
        position = 1 + await ports.registrations.waiting_arrivals(reg["session_id"], reg["arrival"])
    return Registered(reg, secret, position, replayed=True)


def _duplicate() -> Conflict:
    return Conflict("duplicate_participant", "this participant is already registered for this session")
