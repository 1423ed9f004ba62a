"""Use cases on existing registrations: look up, cancel or leave, promote, check in."""

from datetime import UTC, datetime
from typing import Any

from services.events.application import messages
from services.events.application.errors import Conflict, NotFound
from services.events.application.ports import Ports
from services.events.domain import codes
from services.events.domain.model import CancelReason, RegistrationStatus
from services.events.domain.timeutil import ts
from shared.outbox import merge_update, outbox_update

CONFIRMED, WAITLISTED, CANCELLED = (s.value for s in RegistrationStatus)


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
