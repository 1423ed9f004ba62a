"""MongoDB storage of applications: one document per application, `_id` = tracking number."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.intake.application.ports import DuplicateKey, RequestFilter
from shared.batching import BatchedInserts, BatchedUpdates
from shared.mongo import Index

COLLECTION = "applications"
# What a list of requests needs; the rest (citizen, consent, outbox) stays in the database.
_LIST_PROJECTION = {"text": 1, "service_code": 1, "status": 1, "status_note": 1, "department": 1,
                    "registered_at": 1, "updated_at": 1, "due_at": 1, "location": 1, "media_urls": 1}


def indexes() -> list[Index]:
    return [
        # Always present (auto keys for submissions without one), so unique on both stores.
        Index(COLLECTION, [("idempotency_key", 1)], unique=True, name="idempotency_key_unique"),
        Index(COLLECTION, [("registered_at", -1)], name="registered_at"),
    ]


class MongoApplications:
    def __init__(self, db: AsyncDatabase):
        self.collection = db[COLLECTION]
        self._inserts = BatchedInserts(self.collection)
        # The status view follows routing's events; 50 ms more there is invisible to a citizen, and
        # each update command then carries several applications.
        self._updates = BatchedUpdates(self.collection, linger_s=0.05)

    async def insert(self, doc: dict[str, Any]) -> None:
        if not await self._inserts.insert(doc):
            raise DuplicateKey(f"tracking number {doc['_id']} or idempotency key already held")

    async def by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        return await self.collection.find_one({"idempotency_key": key}, projection={"outbox": 0})

    async def get(self, tracking_no: str) -> dict[str, Any] | None:
        return await self.collection.find_one({"_id": tracking_no}, projection={"outbox": 0})

    async def exists(self, tracking_no: str) -> bool:
        return await self.collection.find_one({"_id": tracking_no}, projection={"_id": 1}) is not None

    async def apply_if_newer(self, tracking_no: str, version: int, fields: dict[str, Any]) -> bool:
        """True when the view now holds this version: applied now, or by an earlier delivery of it."""
        if await self._updates.update({"_id": tracking_no, "case_version": {"$lt": version}}, {"$set": fields}):
            return True
        # Not newer, or a batch fell short (it cannot say whose filter missed): the version held decides.
        held = await self.collection.find_one({"_id": tracking_no}, projection={"case_version": 1})
        return held is not None and held.get("case_version") == version

    async def add_timeline_entry(self, tracking_no: str, key: str, entry: dict[str, Any]) -> None:
        await self.collection.update_one({"_id": tracking_no}, {"$set": {f"timeline.{key}": entry}})

    async def search(self, flt: RequestFilter) -> list[dict[str, Any]]:
        query: dict[str, Any] = {}
        if flt.ids:
            query["_id"] = {"$in": flt.ids}
        else:
            if flt.service_codes:
                query["service_code"] = {"$in": flt.service_codes}
            if flt.statuses:
                query["public_status"] = {"$in": flt.statuses}
            span = {k: v for k, v in (("$gte", flt.start), ("$lte", flt.end)) if v is not None}
            if span:
                query["registered_at"] = span
        cursor = self.collection.find(query, projection=_LIST_PROJECTION).sort("registered_at", -1)
        return await cursor.skip(flt.skip).limit(flt.limit).to_list()
