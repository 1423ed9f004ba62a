"""Storage behind routing's retention: closed cases past the retention period that still hold a
contact, an address or erasure subjects, and the update that removes them (as an erasure does)."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.routing.domain.duplicates import text_tokens
from shared.pii import redact

CASES = "cases"


class MongoRetention:
    def __init__(self, db: AsyncDatabase):
        self.cases = db[CASES]

    async def closed_before(self, cutoff_ts: float, limit: int) -> list[dict[str, Any]]:
        # registered_ts is a number on every backend (times written by $set may be text).
        return await self.cases.find({"open": 0, "erased": {"$in": [None, 0]}, "registered_ts": {"$lt": cutoff_ts}},
                                     projection={"text": 1}).limit(limit).to_list()

    async def anonymise(self, doc: dict[str, Any]) -> bool:
        text = redact(doc.get("text"))
        result = await self.cases.update_one({"_id": doc["_id"], "open": 0}, {"$set": {
            "contact": None, "text": text, "tokens": text_tokens(text), "location.address": None,
            "subject_phone": "", "subject_email": "", "erased": 1, "erased_why": "retention"}})
        return result.modified_count == 1
