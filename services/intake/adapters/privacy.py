"""MongoDB storage behind intake's KVKK use cases: finding and anonymising a citizen's
applications, closed applications past retention, erasure requests and the services' reports."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.intake.adapters.applications import COLLECTION as APPLICATIONS
from services.intake.adapters.stores import ERASURE_REPORTS
from shared.mongo import Index

ERASURES = "erasures"
_NOT_OUTBOX = {"outbox": 0}


def indexes() -> list[Index]:
    return [Index(APPLICATIONS, [("citizen.national_id", 1)], name="citizen_national_id"),
            Index(APPLICATIONS, [("citizen.email", 1)], name="citizen_email"),
            Index(APPLICATIONS, [("public_status", 1)], name="public_status"),
            Index(ERASURE_REPORTS, [("erasure_id", 1)], name="reports_by_erasure")]


class MongoPrivacy:
    def __init__(self, db: AsyncDatabase):
        self.applications = db[APPLICATIONS]
        self.erasures = db[ERASURES]
        self.reports = db[ERASURE_REPORTS]

    async def find(self, query: dict[str, Any], limit: int = 1000) -> list[dict[str, Any]]:
        return await self.applications.find(query, projection=_NOT_OUTBOX).sort("registered_at", 1) \
            .limit(limit).to_list()

    async def anonymise(self, tracking_no: str, update: dict[str, Any]) -> bool:
        # An application whose request.registered is still unsent keeps it: the message must go out
        # (routing and notify then erase their copies when the erasure request reaches them).
        result = await self.applications.update_one({"_id": tracking_no}, update)
        return result.modified_count == 1

    async def closed_not_erased(self, limit: int) -> list[dict[str, Any]]:
        """Closed applications still holding personal data (time checked by the caller: a time
        written by `$set` may come back from the stand-in as text, so it cannot be range-queried)."""
        return await self.applications.find(
            {"public_status": "closed", "erased": {"$in": [None, 0]}},
            projection={"updated_at": 1, "registered_at": 1, "text": 1, "citizen": 1}).sort("registered_at", 1) \
            .limit(limit).to_list()

    async def record_erasure(self, doc: dict[str, Any]) -> None:
        await self.erasures.insert_one(doc)

    async def erasure(self, erasure_id: str) -> dict[str, Any] | None:
        return await self.erasures.find_one({"_id": erasure_id}, projection=_NOT_OUTBOX)

    async def reports_of(self, erasure_id: str) -> list[dict[str, Any]]:
        return await self.reports.find({"erasure_id": erasure_id}).to_list()
