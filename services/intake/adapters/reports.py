"""Read-only queries behind intake's stats and the staff look-up by phone (aggregations only)."""

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.intake.adapters.applications import COLLECTION
from shared.mongo import Index

PHONE_LIMIT = 50
_FOUND = {"kind": 1, "status": 1, "department": 1, "registered_at": 1, "channel": 1, "service_code": 1,
          "location.district": 1}


def indexes() -> list[Index]:
    # Not unique (one citizen, many applications); the phone may be missing, which is fine here.
    return [Index(COLLECTION, [("citizen.phone", 1)], name="citizen_phone")]


class MongoReports:
    def __init__(self, db: AsyncDatabase):
        self.collection = db[COLLECTION]

    async def counts(self, field: str, since: datetime | None = None) -> dict[str, int]:
        match: dict[str, Any] = {"registered_at": {"$gte": since}} if since else {}
        pipeline = [{"$match": match}, {"$group": {"_id": f"${field}", "n": {"$sum": 1}}}]
        rows = await (await self.collection.aggregate(pipeline)).to_list()
        return {str(r["_id"]) if r["_id"] is not None else "none": int(r["n"]) for r in rows}

    async def by_phone(self, e164: str) -> list[dict[str, Any]]:
        cursor = self.collection.find({"citizen.phone": e164}, projection=_FOUND).sort("registered_at", -1)
        return await cursor.limit(PHONE_LIMIT).to_list()

    async def trace_id(self, tracking_no: str) -> tuple[bool, str | None]:
        doc = await self.collection.find_one({"_id": tracking_no}, projection={"trace_id": 1})
        return (doc is not None, doc.get("trace_id") if doc else None)
