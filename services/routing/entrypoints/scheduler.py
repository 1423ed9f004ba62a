"""Routing's background rounds, started once the broker is connected (runtime.on_start)."""

import logging
from datetime import UTC, datetime

from services.routing.application.escalation import Escalator
from shared.metrics import gauges
from shared.periodic import Periodic

log = logging.getLogger("irtibat.routing.sla")


def sla_scheduler(escalator: Escalator, interval_s: float) -> Periodic:
    """Escalates the cases whose SLA deadline has passed, every `interval_s`."""
    return Periodic("sla-scheduler", escalator.run_once, interval_s, logger=log)


class OverdueGauge:
    """Keeps the `irtibat.cases.overdue` gauge (per department) current for ops and alerts."""

    def __init__(self, stats, interval_s: float = 30.0):
        self.stats = stats
        self._rounds = Periodic("overdue-gauge", self.refresh, interval_s, logger=log)

    async def start(self) -> None:
        await self._rounds.start()

    async def stop(self) -> None:
        await self._rounds.stop()

    async def refresh(self) -> None:
        figures = await self.stats.figures(datetime.now(UTC))
        for department, counts in figures["by_department"].items():
            gauges().set("irtibat.cases.overdue", counts["overdue"], department=department)
