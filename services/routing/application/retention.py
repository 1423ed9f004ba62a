"""KVKK retention in routing: a closed case registered more than `retention_days` ago loses the
contact kept with consent, its address, erasure keys and personal data in its text. Every copy runs
the loop; the update is idempotent."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from shared.periodic import Periodic

log = logging.getLogger("irtibat.routing.retention")


class RetentionStore(Protocol):
    async def closed_before(self, cutoff_ts: float, limit: int) -> list[dict[str, Any]]: ...
    async def anonymise(self, doc: dict[str, Any]) -> bool: ...


class CaseRetention:
    def __init__(self, store: RetentionStore, retention_days: float, interval_s: float, batch: int = 500):
        self.store, self.retention_days, self.batch = store, retention_days, batch
        self._rounds = Periodic("routing-retention", self.run_once, interval_s, logger=log)

    async def run_once(self, now: datetime | None = None) -> int:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        erased = 0
        for doc in await self.store.closed_before(cutoff.timestamp(), self.batch):
            erased += await self.store.anonymise(doc)
        if erased:
            log.info("retention: %d closed case(s) anonymised", erased)
        return erased

    async def start(self) -> None:
        await self._rounds.start()

    async def stop(self) -> None:
        await self._rounds.stop()
