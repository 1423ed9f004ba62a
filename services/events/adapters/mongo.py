"""MongoDB storage of events and sessions, the seat counters, and every index the service needs."""

from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.events.domain.seats import SEAT_FOR_NEWCOMER, SEAT_FOR_WAITING
from shared.mongo import Index

EVENTS = "events"
SESSIONS = "sessions"
REGISTRATIONS = "registrations"
VISITS = "visits"
ERASURES = "erasures"
AUDIT_LOG = "audit_log"


def indexes() -> list[Index]:
    return [
        Index(EVENTS, [("state", 1), ("first_session_ts", 1)]),
        Index(EVENTS, [("cascade_pending", 1)]),
        Index(SESSIONS, [("event_id", 1), ("start_ts", 1)]),
        # The duplicate rule: one active registration per participant and session. The key is
        # always present (released keys are rewritten on cancellation, never removed).
        Index(REGISTRATIONS, [("session_id", 1), ("participant_key", 1)], unique=True, name="participant_unique"),
        Index(REGISTRATIONS, [("checkin_code", 1)], unique=True, name="checkin_code_unique"),
        Index(REGISTRATIONS, [("session_id", 1), ("status", 1), ("arrival", 1)]),
        Index(REGISTRATIONS, [("status", 1), ("reminder_sent", 1), ("session_start_ts", 1)]),
        Index(REGISTRATIONS, [("event_id", 1), ("status", 1)]),
        Index(REGISTRATIONS, [("promotion_pending", 1), ("updated_ts", 1)]),
        Index(REGISTRATIONS, [("subjects", 1)]),
        Index(REGISTRATIONS, [("erased", 1), ("session_end_ts", 1)]),
        Index(VISITS, [("day", 1)]),
        Index(VISITS, [("event_id", 1)]),
        Index(AUDIT_LOG, [("at_ts", 1)]),
    ]


class EventStore:
    def __init__(self, db: AsyncDatabase):
        self.events = db[EVENTS]
        self.sessions = db[SESSIONS]

    async def insert_event(self, event: dict[str, Any], sessions: list[dict[str, Any]]) -> None:
        if sessions:
            await self.sessions.insert_many(sessions)
        await self.events.insert_one(event)

    async def add_session(self, session: dict[str, Any], first_session_ts: float) -> None:
        await self.sessions.insert_one(session)
        await self.events.update_one({"_id": session["event_id"], "first_session_ts": {"$gt": first_session_ts}},
                                     {"$set": {"first_session_ts": first_session_ts}})

    async def get_event(self, event_id: str) -> dict[str, Any] | None:
        return await self.events.find_one({"_id": event_id})

    async def list_events(self, states: list[str] | None = None, limit: int = 200) -> list[dict[str, Any]]:
        query = {"state": {"$in": states}} if states else {}
        return await self.events.find(query).sort("first_session_ts", 1).limit(limit).to_list()

    async def update_event(self, event_id: str, version: int, fields: dict[str, Any],
                           states: list[str] | None = None) -> dict[str, Any] | None:
        """Change an event if it is still at `version` (and in one of `states`)."""
        query: dict[str, Any] = {"_id": event_id, "version": version}
        if states:
            query["state"] = {"$in": states}
        return await self.events.find_one_and_update(
            query, {"$set": fields, "$inc": {"version": 1}}, return_document=ReturnDocument.AFTER)

    async def cascade_pending(self) -> list[dict[str, Any]]:
        return await self.events.find({"cascade_pending": 1}).limit(50).to_list()

    async def cascade_done(self, event_id: str) -> None:
        await self.events.update_one({"_id": event_id}, {"$set": {"cascade_pending": 0}})

    async def sessions_of(self, event_id: str) -> list[dict[str, Any]]:
        return await self.sessions.find({"event_id": event_id}).sort("start_ts", 1).to_list()

    async def get_session(self, session_id: str) -> dict[str, Any] | None:
        return await self.sessions.find_one({"_id": session_id})

    async def set_capacity(self, session_id: str, capacity: int) -> dict[str, Any] | None:
        """Change a capacity unless it would fall below the seats already taken."""
        return await self.sessions.find_one_and_update(
            {"_id": session_id, "confirmed": {"$lte": capacity}}, {"$set": {"capacity": capacity}},
            return_document=ReturnDocument.AFTER)

    # --- seats: every change is one atomic update of the session document -------------------

    async def take_seat(self, session_id: str) -> tuple[bool, int, int]:
        """(confirmed?, arrival number, waitlist position when not confirmed)."""
        doc = await self.sessions.find_one_and_update(
            {"_id": session_id, **SEAT_FOR_NEWCOMER}, {"$inc": {"confirmed": 1, "arrivals": 1}},
            projection={"arrivals": 1}, return_document=ReturnDocument.AFTER)
        if doc is not None:
            return True, doc["arrivals"], 0
        doc = await self.sessions.find_one_and_update(
            {"_id": session_id}, {"$inc": {"waiting": 1, "arrivals": 1}},
            projection={"arrivals": 1, "waiting": 1}, return_document=ReturnDocument.AFTER)
        return False, doc["arrivals"], doc["waiting"]

    async def claim_seat_for_waiting(self, session_id: str) -> bool:
        result = await self.sessions.update_one({"_id": session_id, **SEAT_FOR_WAITING},
                                                {"$inc": {"confirmed": 1, "waiting": -1}})
        return result.matched_count == 1

    async def unclaim_seat_for_waiting(self, session_id: str) -> None:
        await self.sessions.update_one({"_id": session_id}, {"$inc": {"confirmed": -1, "waiting": 1}})

    async def release(self, session_id: str, *, seat: bool) -> None:
        """A confirmed place (seat=True) or a waitlist place ended."""
        await self.sessions.update_one({"_id": session_id}, {"$inc": {"confirmed" if seat else "waiting": -1}})
