"""The SLA scheduler loop, started once the broker is connected (runtime.on_start)."""

import asyncio
import logging
from datetime import UTC, datetime

from services.routing.application.escalation import Escalator
from shared.metrics import gauges

log = logging.getLogger("irtibat.routing.sla")


class SlaScheduler:
    def __init__(self, escalator: Escalator, interval_s: float):
        self.escalator, self.interval_s = escalator, interval_s
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="sla-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.escalator.run_once()
            except Exception:  # noqa: BLE001 - the database may be away; the next round retries
                log.warning("SLA scan failed", exc_info=True)
            await asyncio.sleep(self.interval_s)


class OverdueGauge:
    """Keeps the `irtibat.cases.overdue` gauge (per department) current for ops and alerts."""

    def __init__(self, stats, interval_s: float = 30.0):
        self.stats, self.interval_s = stats, interval_s
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="overdue-gauge")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def refresh(self) -> None:
        figures = await self.stats.figures(datetime.now(UTC))
        for department, counts in figures["by_department"].items():
            gauges().set("irtibat.cases.overdue", counts["overdue"], department=department)

    async def _loop(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:  # noqa: BLE001 - a metric must not take routing down
                log.warning("overdue gauge refresh failed", exc_info=True)
            await asyncio.sleep(self.interval_s)
