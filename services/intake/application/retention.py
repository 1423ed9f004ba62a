"""KVKK retention in intake: the personal data of an application closed more than
`retention_days` ago is anonymised (the same update as an erasure), by a loop every copy runs;
the update is idempotent, so copies racing each other only repeat a harmless write."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from services.intake.domain.clock import utcnow
from services.intake.domain.privacy import anonymised
from shared.periodic import Periodic

log = logging.getLogger("irtibat.intake.retention")


class RetentionStore(Protocol):
    async def closed_not_erased(self, limit: int) -> list[dict[str, Any]]: ...
    async def anonymise(self, tracking_no: str, update: dict[str, Any]) -> bool: ...


def _as_time(value: Any) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


class Retention:
    def __init__(self, store: RetentionStore, retention_days: float, interval_s: float, batch: int = 500):
        self.store, self.retention_days, self.batch = store, retention_days, batch
        self._rounds = Periodic("intake-retention", self.run_once, interval_s, logger=log)

    async def run_once(self, now: datetime | None = None) -> int:
        """Anonymise closed applications past the retention period; returns how many."""
        now = now or utcnow()
        cutoff = now - timedelta(days=self.retention_days)
        erased = 0
        for doc in await self.store.closed_not_erased(self.batch):
            closed_at = _as_time(doc.get("updated_at")) or _as_time(doc.get("registered_at"))
            if closed_at and closed_at <= cutoff and await self.store.anonymise(
                    doc["_id"], anonymised(doc, now, "retention")):
                erased += 1
        if erased:
            log.info("retention: %d closed application(s) anonymised", erased)
        return erased

    async def start(self) -> None:
        await self._rounds.start()

    async def stop(self) -> None:
        await self._rounds.stop()
