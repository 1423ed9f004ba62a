"""MongoDB storage of registrations (each carries its own outbox) and visits."""

from typing import Any
from uuid import uuid4

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.events.adapters.mongo import AUDIT_LOG, ERASURES, REGISTRATIONS, VISITS
from services.events.domain.model import ACTIVE_STATUSES, RegistrationStatus

# What the outbox relay needs back from a write to publish its messages.
_AFTER = ReturnDocument.AFTER


class RegistrationStore:
    def __init__(self, db: AsyncDatabase):
        self.registrations = db[REGISTRATIONS]
        self.visits = db[VISITS]
        self.erasures = db[ERASURES]
        self.audit_log = db[AUDIT_LOG]

    async def insert(self, doc: dict[str, Any]) -> None:
        """Raises DuplicateKeyError for a participant already registered (or a code collision)."""
        await self.registrations.insert_one(doc)

    async def get(self, registration_id: str) -> dict[str, Any] | None:
        return await self.registrations.find_one({"_id": registration_id}, projection={"outbox": 0})

    async def active_by_key(self, session_id: str, participant_key: str) -> dict[str, Any] | None:
        return await self.registrations.find_one({"session_id": session_id, "participant_key": participant_key},
                                                 projection={"_id": 1})

    async def set_secret(self, registration_id: str, secret_hash: str) -> None:
        await self.registrations.update_one({"_id": registration_id}, {"$set": {"secret_hash": secret_hash}})

    async def by_checkin_code(self, code: str) -> dict[str, Any] | None:
        return await self.registrations.find_one({"checkin_code": code}, projection={"outbox": 0})

    async def change(self, registration_id: str, version: int, status: str, update: dict[str, Any]
                     ) -> dict[str, Any] | None:
        """Apply `update` if the registration is still at (status, version); the document after."""
        update.setdefault("$inc", {})["version"] = 1
        return await self.registrations.find_one_and_update(
            {"_id": registration_id, "status": status, "version": version}, update, return_document=_AFTER)

    async def promote_first(self, session_id: str, now_ts: float) -> dict[str, Any] | None:
        """Move the longest-waiting registration to confirmed in one atomic operation, so
        concurrent promoters never contend for (or both take) the same person. Its message is
        added by a second write (`promotion_pending` marks it until then; a sweep finishes it)."""
        return await self.registrations.find_one_and_update(
            {"session_id": session_id, "status": RegistrationStatus.WAITLISTED.value},
            {"$set": {"status": RegistrationStatus.CONFIRMED.value, "promoted_ts": now_ts, "updated_ts": now_ts,
                      "promotion_pending": 1}, "$inc": {"version": 1}},
            sort=[("arrival", 1)], projection={"outbox": 0}, return_document=_AFTER)

    async def finish_promotion(self, registration_id: str, update: dict[str, Any]) -> dict[str, Any] | None:
        update.setdefault("$set", {})["promotion_pending"] = 0
        return await self.registrations.find_one_and_update(
            {"_id": registration_id, "promotion_pending": 1}, update, return_document=_AFTER)

    async def unfinished_promotions(self, before_ts: float, limit: int = 200) -> list[dict[str, Any]]:
        return await self.registrations.find({"promotion_pending": 1, "updated_ts": {"$lt": before_ts}},
                                             projection={"outbox": 0}).limit(limit).to_list()

    async def first_waiting(self, session_id: str, skip: int = 0) -> dict[str, Any] | None:
        docs = await self.registrations.find(
            {"session_id": session_id, "status": RegistrationStatus.WAITLISTED.value},
            projection={"outbox": 0}).sort("arrival", 1).skip(skip).limit(1).to_list()
        return docs[0] if docs else None

    async def waiting_arrivals(self, session_id: str, before: int) -> int:
        return await self.registrations.count_documents(
            {"session_id": session_id, "status": RegistrationStatus.WAITLISTED.value, "arrival": {"$lt": before}})

    async def active_of_event(self, event_id: str, limit: int = 500) -> list[dict[str, Any]]:
        return await self.registrations.find(
            {"event_id": event_id, "status": {"$in": list(ACTIVE_STATUSES)}},
            projection={"outbox": 0}).limit(limit).to_list()

    async def list_for_session(self, session_id: str) -> list[dict[str, Any]]:
        return await self.registrations.find({"session_id": session_id},
                                             projection={"outbox": 0}).sort("arrival", 1).to_list()

    async def reminders_due(self, now_ts: float, lead_s: float, limit: int = 500) -> list[dict[str, Any]]:
        return await self.registrations.find(
            {"status": RegistrationStatus.CONFIRMED.value, "reminder_sent": 0,
             "session_start_ts": {"$gt": now_ts, "$lte": now_ts + lead_s}},
            projection={"outbox": 0}).limit(limit).to_list()

    async def claim_reminder(self, registration_id: str, update: dict[str, Any]) -> dict[str, Any] | None:
        """Exactly one copy of the service wins this conditional update per registration."""
        update.setdefault("$set", {})["reminder_sent"] = 1
        return await self.registrations.find_one_and_update(
            {"_id": registration_id, "status": RegistrationStatus.CONFIRMED.value, "reminder_sent": 0},
            update, return_document=_AFTER)

    async def check_in(self, code: str, now_ts: float) -> dict[str, Any] | None:
        return await self.registrations.find_one_and_update(
            {"checkin_code": code, "status": RegistrationStatus.CONFIRMED.value, "checked_in": 0},
            {"$set": {"checked_in": 1, "checked_in_ts": now_ts}, "$inc": {"version": 1}},
            projection={"outbox": 0}, return_document=_AFTER)

    async def count_by(self, group_field: str, match: dict[str, Any]) -> dict[str, int]:
        """Counts of `match`ing registrations per value of one field ($match and $group only)."""
        return await _count_by(self.registrations, group_field, match)

    # --- personal data ---------------------------------------------------------------------

    async def with_subjects(self, subjects: list[str]) -> list[dict[str, Any]]:
        return await self.registrations.find({"subjects": {"$in": subjects}}, projection={"_id": 1}).to_list()

    async def past_retention(self, ended_before_ts: float, limit: int = 500) -> list[dict[str, Any]]:
        return await self.registrations.find({"erased": 0, "session_end_ts": {"$lt": ended_before_ts}},
                                             projection={"_id": 1}).limit(limit).to_list()

    async def anonymise(self, registration_id: str, update: dict[str, Any]) -> int:
        result = await self.registrations.update_one({"_id": registration_id}, update)
        return result.modified_count

    async def record_erasure(self, doc: dict[str, Any]) -> bool:
        """False when this erasure was reported already (a redelivered request)."""
        try:
            await self.erasures.insert_one(doc)
            return True
        except DuplicateKeyError:
            return False

    async def audit(self, key_id: str, action: str, target: str, now_ts: float) -> None:
        """Staff access to personal data is recorded (who, what, when)."""
        await self.audit_log.insert_one({"_id": str(uuid4()), "key_id": key_id, "action": action, "target": target,
                                         "at_ts": now_ts})

    # --- visits ------------------------------------------------------------------------------

    async def add_visit(self, doc: dict[str, Any]) -> bool:
        """False when this visit (same idempotency key) was recorded already."""
        try:
            await self.visits.insert_one(doc)
            return True
        except DuplicateKeyError:
            return False

    async def visits_by(self, group_field: str, match: dict[str, Any]) -> dict[str, int]:
        return await _count_by(self.visits, group_field, match, total_of="count")


async def _count_by(collection, group_field: str, match: dict[str, Any], total_of: str | None = None
                    ) -> dict[str, int]:
    total = f"${total_of}" if total_of else 1
    cursor = await collection.aggregate([
        {"$match": match}, {"$group": {"_id": f"${group_field}", "n": {"$sum": total}}}])
    return {str(row["_id"]): int(row["n"]) for row in await cursor.to_list() if row["_id"] is not None}
