"""Use cases for events and sessions (admin): create, change, publish, close, cancel."""

from datetime import datetime
from typing import Any

from services.events.application.errors import Conflict, NotFound
from services.events.application.ports import Ports
from services.events.domain.model import EDITABLE_STATES, EventState, can_transition, states_leading_to
from services.events.domain.timeutil import as_utc, ts
from shared.ids import new_id

# Sorts events without sessions last (the stand-in stores no infinities).
NO_SESSION_TS = 1e11


def session_doc(event_id: str, start: datetime, end: datetime, capacity: int) -> dict[str, Any]:
    return {"_id": new_id("se"), "event_id": event_id, "start_ts": ts(start), "end_ts": ts(end),
            "start": as_utc(start).isoformat(), "end": as_utc(end).isoformat(), "capacity": capacity,
            "arrivals": 0, "confirmed": 0, "waiting": 0}


def _window(fields: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in ("registration_opens", "registration_closes"):
        if key in fields:
            value = fields.pop(key)
            out[f"{key}_ts"] = ts(value) if value else None
    return out


async def create_event(ports: Ports, fields: dict[str, Any], sessions: list[dict[str, Any]], now: datetime
                       ) -> dict[str, Any]:
    event_id = new_id("ev")
    docs = [session_doc(event_id, s["start"], s["end"], s["capacity"]) for s in sessions]
    event = {"_id": event_id, **fields, **_window(fields), "state": EventState.DRAFT.value, "version": 1,
             "cascade_pending": 0, "created_ts": ts(now), "updated_ts": ts(now),
             "first_session_ts": min((d["start_ts"] for d in docs), default=NO_SESSION_TS)}
    await ports.events.insert_event(event, docs)
    return event


async def get_event(ports: Ports, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    event = await ports.events.get_event(event_id)
    if event is None:
        raise NotFound("event")
    return event, await ports.events.sessions_of(event_id)


async def change_event(ports: Ports, event_id: str, fields: dict[str, Any], now: datetime) -> dict[str, Any]:
    event, _ = await get_event(ports, event_id)
    changes = {**fields, **_window(fields), "updated_ts": ts(now)}
    updated = await ports.events.update_event(event_id, event["version"], changes, [s.value for s in EDITABLE_STATES])
    if updated is None:
        raise Conflict("not_editable", "the event changed meanwhile or is closed/cancelled; read it and retry")
    return updated


async def change_state(ports: Ports, event_id: str, target: EventState, now: datetime) -> dict[str, Any]:
    event, sessions = await get_event(ports, event_id)
    if event["state"] == target.value:
        return event
    if not can_transition(event["state"], target):
        raise Conflict("invalid_transition", f"an event cannot go from {event['state']} to {target.value}")
    if target == EventState.PUBLISHED and not sessions:
        raise Conflict("no_sessions", "add at least one session before publishing")
    fields: dict[str, Any] = {"state": target.value, "updated_ts": ts(now)}
    if target == EventState.CANCELLED:
        fields["cascade_pending"] = 1
    updated = await ports.events.update_event(event_id, event["version"], fields, states_leading_to(target))
    if updated is None:
        raise Conflict("changed_meanwhile", "the event changed meanwhile; read it and retry")
    return updated


async def add_session(ports: Ports, event_id: str, start: datetime, end: datetime, capacity: int
                      ) -> dict[str, Any]:
    event, _ = await get_event(ports, event_id)
    if event["state"] not in {s.value for s in EDITABLE_STATES}:
        raise Conflict("not_editable", f"a {event['state']} event takes no new sessions")
    doc = session_doc(event_id, start, end, capacity)
    await ports.events.add_session(doc, doc["start_ts"])
    return doc


async def set_capacity(ports: Ports, event_id: str, session_id: str, capacity: int) -> dict[str, Any]:
    session = await ports.events.get_session(session_id)
    if session is None or session["event_id"] != event_id:
        raise NotFound("session")
    updated = await ports.events.set_capacity(session_id, capacity)
    if updated is None:
        raise Conflict("capacity_below_confirmed",
                       f"{session['confirmed']} seats are already taken; cancel registrations first")
    return updated
