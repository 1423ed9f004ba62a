"""Use cases for registrations: register, look up, cancel or leave, promote, check in."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.events.application import messages
from services.events.application.errors import Conflict, NotFound, Refused
from services.events.application.events import new_id
from services.events.application.ports import Ports
from services.events.domain import codes
from services.events.domain.eligibility import Applicant, Rules, check
from services.events.domain.model import CancelReason, EventState, RegistrationStatus
from services.events.domain.timeutil import from_ts, local, ts
from shared.erasure import subjects_for
from shared.outbox import merge_update, outbox_fields, outbox_update

CONFIRMED, WAITLISTED, CANCELLED = (s.value for s in RegistrationStatus)


@dataclass
class NewRegistration:
    event_id: str
    session_id: str
    applicant: Applicant
    notify_sms: bool = False
    notify_email: bool = False


@dataclass
class Registered:
    registration: dict[str, Any]
    secret: str
    position: int | None


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
        "erased": 0, "subjects": subjects_for(hmac_key, phones=(checked.phone, checked.guardian_phone), email=who.email),
        "session_start_ts": session["start_ts"], "session_end_ts": session["end_ts"],
        "version": 1, "created_ts": ts(now), "updated_ts": ts(now), "cancel_reason": None,
    }


async def register(ports: Ports, cmd: NewRegistration, now: datetime) -> Registered:
    event, session = await _open_session(ports, cmd.event_id, cmd.session_id, now)
    checked = check(rules_of(event), cmd.applicant, local(from_ts(session["start_ts"])).date())
    if not checked.ok:
        raise Refused(checked.refusals)
    doc = _document(cmd, event, session, checked, now, ports.erasure_secret)
    if await ports.registrations.active_by_key(session["_id"], doc["participant_key"]):
        raise _duplicate()
    secret = codes.new_secret()
    doc["secret_hash"] = codes.hash_secret(secret)
    seated, arrival, position = await ports.events.take_seat(session["_id"])
    doc.update(arrival=arrival, status=CONFIRMED if seated else WAITLISTED)
    await _insert(ports, doc, event, session, seated, position)
    ports.publish_after(doc)
    if not seated:
        # A seat may have been freed between taking our place in the queue and writing it.
        await promote(ports, session["_id"])
    return Registered(doc, secret, None if seated else position)


async def _insert(ports: Ports, doc: dict[str, Any], event, session, seated: bool, position: int) -> None:
    """Write the registration with its first message in one insert (the outbox)."""
    for _ in range(5):
        msg = (messages.confirmed(event, session, doc, 1) if seated
               else messages.waitlisted(event, session, doc, 1, position))
        doc.update(outbox_fields([msg]))
        try:
            await ports.registrations.insert(doc)
            return
        except DuplicateKeyError:
            if await ports.registrations.active_by_key(doc["session_id"], doc["participant_key"]):
                await ports.events.release(doc["session_id"], seat=seated)
                if seated:
                    await promote(ports, doc["session_id"])
                raise _duplicate() from None
            doc["checkin_code"] = codes.new_checkin_code()  # the rare code collision: draw again
    raise RuntimeError("could not draw a free check-in code")


def _duplicate() -> Conflict:
    return Conflict("duplicate_participant", "this participant is already registered for this session")


async def lookup(ports: Ports, registration_id: str, secret: str | None) -> tuple[dict[str, Any], int | None]:
    """The registration and, while waiting, the current place on the waitlist."""
    reg = await ports.registrations.get(registration_id)
    if reg is None or not codes.secret_matches(secret, reg.get("secret_hash", "")):
        raise NotFound("registration")  # a wrong code reveals nothing, not even existence
    position = None
    if reg["status"] == WAITLISTED:
        position = 1 + await ports.registrations.waiting_arrivals(reg["session_id"], reg["arrival"])
    return reg, position


async def _context(ports: Ports, reg: dict[str, Any]):
    return await ports.events.get_event(reg["event_id"]), await ports.events.get_session(reg["session_id"])


async def cancel(ports: Ports, registration_id: str, reason: CancelReason | None, now: datetime,
                 *, promote_next: bool = True) -> dict[str, Any]:
    for _ in range(5):
        reg = await ports.registrations.get(registration_id)
        if reg is None:
            raise NotFound("registration")
        if reg["status"] == CANCELLED:
            raise Conflict("already_cancelled", "this registration is already cancelled")
        why = reason or (CancelReason.LEFT_WAITLIST if reg["status"] == WAITLISTED
                         else CancelReason.PARTICIPANT_CANCELLED)
        event, session = await _context(ports, reg)
        msg = messages.cancelled(event, session, reg, reg["version"] + 1, why.value)
        update = merge_update({"$set": {"status": CANCELLED, "cancel_reason": why.value, "updated_ts": ts(now),
                                        "promotion_pending": 0,
                                        "participant_key": codes.released_key(reg["participant_key"], reg["_id"])}},
                              outbox_update([msg]))
        doc = await ports.registrations.change(reg["_id"], reg["version"], reg["status"], update)
        if doc is None:
            continue  # promoted or checked in meanwhile: read again
        ports.publish_after(doc)
        seat = reg["status"] == CONFIRMED
        await ports.events.release(reg["session_id"], seat=seat)
        if seat and promote_next:
            await promote(ports, reg["session_id"], now)
        return doc
    raise Conflict("busy", "the registration kept changing; try again")


async def promote(ports: Ports, session_id: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Give each free seat to the first person waiting. The seat is claimed atomically on the
    session, then the longest-waiting registration is flipped atomically, so no seat is given
    twice and nobody is promoted twice, however many copies run this at once."""
    now_ts = ts(now or datetime.now(UTC))
    done: list[dict[str, Any]] = []
    while await ports.events.claim_seat_for_waiting(session_id):
        doc = await ports.registrations.promote_first(session_id, now_ts)
        if doc is None:
            # Nobody stored as waiting yet (a registration is being written; it promotes itself).
            await ports.events.unclaim_seat_for_waiting(session_id)
            return done
        await send_promotion(ports, doc)
        done.append(doc)
    return done


async def send_promotion(ports: Ports, doc: dict[str, Any]) -> None:
    """Add the promoted message to a registration flipped by `promote` (once)."""
    event, session = await _context(ports, doc)
    msg = messages.promoted(event, session, doc, doc["version"])
    ports.publish_after(await ports.registrations.finish_promotion(doc["_id"], outbox_update([msg])))


async def check_in(ports: Ports, raw_code: str, now: datetime) -> dict[str, Any]:
    code = codes.normalise_checkin_code(raw_code)
    doc = await ports.registrations.check_in(code, ts(now))
    if doc is not None:
        return doc
    reg = await ports.registrations.by_checkin_code(code)
    if reg is None or reg["status"] == WAITLISTED:
        raise NotFound("check-in code")
    if reg["status"] == CANCELLED:
        raise Conflict("registration_cancelled", "this registration was cancelled")
    raise Conflict("already_checked_in", "this check-in code has already been used")
