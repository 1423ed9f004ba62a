"""Routing's background rounds: the SLA scheduler escalates on its interval, the overdue gauge
publishes one value per department, and both stop cleanly."""

import asyncio
import uuid

import pytest

from services.routing.entrypoints.scheduler import OverdueGauge, sla_scheduler
from shared.metrics import gauges

pytestmark = [pytest.mark.unit, pytest.mark.timeout(10)]


class CountingEscalator:
    def __init__(self):
        self.rounds = 0

    async def run_once(self) -> int:
        self.rounds += 1
        return 0


class Stats:
    def __init__(self, by_department):
        self.by_department = by_department

    async def figures(self, now):
        return {"by_department": self.by_department}


async def test_the_sla_scheduler_runs_rounds_until_stopped():
    escalator = CountingEscalator()
    scheduler = sla_scheduler(escalator, 0.01)
    await scheduler.start()
    while escalator.rounds < 3:
        await asyncio.sleep(0.01)
    await scheduler.stop()
    stopped_at = escalator.rounds
    await asyncio.sleep(0.05)
    assert escalator.rounds == stopped_at


async def test_an_interval_of_zero_switches_the_sla_scheduler_off():
    escalator = CountingEscalator()
    scheduler = sla_scheduler(escalator, 0)
    await scheduler.start()
    await asyncio.sleep(0.03)
    await scheduler.stop()
    assert escalator.rounds == 0


async def test_the_overdue_gauge_holds_one_value_per_department():
    # The gauges are the process's own: departments no routing app in the test session uses.
    first, second = f"test-{uuid.uuid4().hex[:6]}", f"test-{uuid.uuid4().hex[:6]}"
    gauge = OverdueGauge(Stats({first: {"overdue": 3}, second: {"overdue": 0}}), interval_s=0.01)
    await gauge.start()
    try:
        while (("department", first),) not in gauges().values.get("irtibat.cases.overdue", {}):
            await asyncio.sleep(0.01)
    finally:
        await gauge.stop()
    values = gauges().values["irtibat.cases.overdue"]
    assert values[(("department", first),)] == 3
    assert values[(("department", second),)] == 0
