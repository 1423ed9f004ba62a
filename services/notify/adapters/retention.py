"""KVKK retention in notify: contacts (kept to tell the citizen how an application goes) and the
addresses and texts in the delivery log are removed `retention_days` after the application was
registered or the notification written; outcomes and counts stay. Every copy runs the loop; the
updates are idempotent."""

import logging
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from services.notify.adapters.store import CONTACTS, FAILED, NOTIFICATIONS, SENT, SKIPPED
from shared.periodic import Periodic

log = logging.getLogger("irtibat.notify.retention")


class NotifyRetention:
    def __init__(self, db: AsyncDatabase, retention_days: float, interval_s: float):
        self.db, self.retention_days = db, retention_days
        self._rounds = Periodic("notify-retention", self.run_once, interval_s, logger=log)

    async def run_once(self, now: datetime | None = None) -> dict[str, int]:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        # Both times are written by insert, so they are real dates on every backend. "Not yet" is
        # {$in: [None, 0]}: the stand-in's $ne misses a missing field next to a date range, and
        # its update_many misses it with $ne alone, so ids are found first.
        contacts = await self._update(CONTACTS, {"registered_at": {"$lt": cutoff}, "erased": {"$in": [None, 0]}},
                                      {"$set": {"phone": None, "email": None, "subjects": [], "erased": 1}})
        logged = await self._update(
            NOTIFICATIONS, {"created_at": {"$lt": cutoff}, "status": {"$in": [SENT, FAILED, SKIPPED]},
                            "cleared": {"$in": [None, 0]}},
            {"$set": {"recipient": None, "subjects": [], "cleared": 1}, "$unset": {"to": "", "body": ""}})
        counts = {"contacts": contacts, "notifications": logged}
        if any(counts.values()):
            log.info("retention: %d contact(s), %d notification(s) cleared", counts["contacts"], counts["notifications"])
        return counts

    async def _update(self, collection: str, query: dict, update: dict, batch: int = 1000) -> int:
        ids = [d["_id"] for d in await self.db[collection].find(query, projection={"_id": 1}).limit(batch).to_list()]
        if not ids:
            return 0
        return (await self.db[collection].update_many({"_id": {"$in": ids}}, update)).modified_count

    async def start(self) -> None:
        await self._rounds.start()

    async def stop(self) -> None:
        await self._rounds.stop()
