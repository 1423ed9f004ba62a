"""Case figures for the ops board: open and overdue cases per department (aggregations only)."""

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.routing.adapters.mongo import CASES


class MongoCaseStats:
    def __init__(self, db: AsyncDatabase):
        self.col = db[CASES]

    async def _per_department(self, match: dict[str, Any]) -> dict[str, int]:
        pipeline = [{"$match": match}, {"$group": {"_id": "$department", "n": {"$sum": 1}}}]
        rows = await (await self.col.aggregate(pipeline)).to_list()
        return {str(r["_id"]): int(r["n"]) for r in rows}

    async def figures(self, now: datetime) -> dict[str, Any]:
        # The same conditions as the case list's `open` and `overdue` filters.
        open_ = await self._per_department({"open": 1})
        overdue = await self._per_department({"open": 1, "due_at": {"$lt": now}})
        escalated = await self._per_department({"open": 1, "escalation_level": {"$gte": 1}})
        departments = sorted(set(open_) | set(overdue))
        return {
            "open": sum(open_.values()), "overdue": sum(overdue.values()), "escalated": sum(escalated.values()),
            "by_department": {d: {"open": open_.get(d, 0), "overdue": overdue.get(d, 0),
                                  "escalated": escalated.get(d, 0)} for d in departments},
        }
