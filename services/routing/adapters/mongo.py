"""The case store on MongoDB (and the nx-27017 stand-in): conditional single-document writes only."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.routing.domain.duplicates import text_tokens
from shared.batching import BatchedInserts
from shared.mongo import Index
from shared.pii import redact

CASES = "cases"
ERASURES = "erasures"
CANDIDATE_LIMIT = 100
_CANDIDATE_FIELDS = {"_id": 1, "lat": 1, "lon": 1, "tokens": 1, "registered_at": 1, "department": 1}


# nx-27017 stores a datetime written by `$set` as a naive UTC string; read it back as a datetime.
TIME_FIELDS = ("registered_at", "opened_at", "updated_at", "due_at", "escalated_at", "escalate_at")


def _as_time(value: Any) -> Any:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def revive(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    for name in TIME_FIELDS:
        if name in doc:
            doc[name] = _as_time(doc[name])
    for entry in (doc.get("history") or {}).values():
        for name in ("at", "due_at"):
            if name in entry:
                entry[name] = _as_time(entry[name])
    return doc


def epoch(moment: datetime) -> float:
    """Times the scheduler queries by range are numbers: they survive `$set` on every backend."""
    return moment.timestamp()


def case_indexes() -> list[Index]:
    # Single-field indexes only: nx-27017 uses no compound index and no index for $in, and
    # compares datetimes row by row; each query below is one equality or one numeric range.
    return [
        Index(CASES, [("department", 1)], name="department"),
        Index(CASES, [("escalate_ts", 1)], name="escalate_ts"),
        Index(CASES, [("dup_cell", 1)], name="dup_cell"),
        Index(CASES, [("dup_t1", 1)], name="dup_t1"),
        Index(CASES, [("dup_t2", 1)], name="dup_t2"),
    ]


class MongoCaseStore:
    def __init__(self, db: AsyncDatabase):
        self.col = db[CASES]
        self._inserts = BatchedInserts(self.col)

    async def insert(self, doc: dict[str, Any]) -> bool:
        return await self._inserts.insert(doc)

    async def get(self, tracking_no: str) -> dict[str, Any] | None:
        return revive(await self.col.find_one({"_id": tracking_no}))

    async def get_many(self, tracking_nos: list[str]) -> list[dict[str, Any]]:
        if not tracking_nos:
            return []
        return [revive(d) for d in await self.col.find({"_id": {"$in": tracking_nos}}).to_list()]

    async def update_at_version(self, tracking_no: str, version: int, update: dict[str, Any],
                                extra_filter: dict[str, Any] | None = None) -> dict[str, Any] | None:
        query = {"_id": tracking_no, "case_version": version, **(extra_filter or {})}
        return revive(await self.col.find_one_and_update(query, update, return_document=ReturnDocument.AFTER))

    async def link_duplicate(self, master_no: str, linked_no: str, linked_version: int) -> str:
        result = await self.col.update_one(
            {"_id": master_no, "open": 1, f"links.{linked_no}": {"$exists": False}},
            {"$set": {f"links.{linked_no}": linked_version}, "$inc": {"duplicates_count": 1}})
        if result.matched_count:
            return "linked"
        master = await self.col.find_one({"_id": master_no}, projection={"links": 1, "open": 1})
        if master and linked_no in (master.get("links") or {}):
            return "already"
        return "closed"

    async def geo_candidates(self, cells: list[str], since_ts: float) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for cell in cells:  # one indexed equality per cell beats one unindexed $in
            found += await self.col.find({"dup_cell": cell, "open": 1, "registered_ts": {"$gte": since_ts}},
                                         projection=_CANDIDATE_FIELDS).limit(CANDIDATE_LIMIT).to_list()
        return found

    async def text_candidates(self, keys: list[str], since_ts: float) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for i, key in enumerate(keys, start=1):
            for doc in await self.col.find({f"dup_t{i}": key, "open": 1, "registered_ts": {"$gte": since_ts}},
                                           projection=_CANDIDATE_FIELDS).limit(CANDIDATE_LIMIT).to_list():
                found[doc["_id"]] = doc
        return list(found.values())

    async def due_for_escalation(self, now: datetime, limit: int) -> list[dict[str, Any]]:
        docs = await self.col.find({"escalate_ts": {"$lte": epoch(now)}}).sort("escalate_ts", 1).limit(limit).to_list()
        return [revive(d) for d in docs]

    async def list(self, query: dict[str, Any], *, skip: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        # An aggregation count: count_documents is two orders of magnitude slower on nx-27017.
        counted = await (await self.col.aggregate([{"$match": query}, {"$count": "n"}])).to_list()
        total = counted[0]["n"] if counted else 0
        docs = await self.col.find(query, projection={"outbox": 0, "commands": 0, "tokens": 0, "history": 0}) \
            .sort([("due_at", 1), ("_id", 1)]).skip(skip).limit(limit).to_list()
        return [revive(d) for d in docs], total


class MongoErasures:
    def __init__(self, db: AsyncDatabase):
        self.cases, self.erasures = db[CASES], db[ERASURES]

    async def erase_contacts(self, subjects: list[str]) -> int:
        # Rare: a scan is acceptable (no extra index on every case for it).
        found: dict[str, dict[str, Any]] = {}
        for field in ("subject_phone", "subject_email"):
            for doc in await self.cases.find({field: {"$in": subjects}}, projection={"text": 1}).to_list():
                found[doc["_id"]] = doc
        erased = 0
        for doc in found.values():
            text = redact(doc.get("text"))
            await self.cases.update_one({"_id": doc["_id"]}, {"$set": {
                "contact": None, "text": text, "tokens": text_tokens(text), "location.address": None,
                "subject_phone": "", "subject_email": "", "erased": 1}})
            erased += 1
        return erased

    async def record_erasure(self, doc: dict[str, Any]) -> bool:
        try:
            await self.erasures.insert_one(doc)
            return True
        except DuplicateKeyError:
            return False


class MongoAudit:
    """Staff and admin reads of personal data (a contact kept with consent): who, what, when."""

    def __init__(self, db: AsyncDatabase):
        self.col = db["audit_log"]

    async def record(self, *, key_id: str, role: str, action: str, tracking_nos: list[str]) -> None:
        await self.col.insert_one({"_id": str(uuid4()), "key_id": key_id, "role": role, "action": action,
                                   "tracking_nos": tracking_nos, "at": datetime.now(UTC)})


class MongoCorrections:
    def __init__(self, db: AsyncDatabase):
        self.col = db["corrections"]

    async def record(self, doc: dict[str, Any]) -> None:
        try:
            await self.col.insert_one(doc)
        except DuplicateKeyError:
            pass  # the same correction replayed
