"""Periodic: the background round every service's schedulers, retention and gauges run on."""

import asyncio
import logging

from shared.periodic import Periodic


async def test_rounds_repeat_and_a_failing_round_does_not_end_the_loop(caplog):
    calls = []

    async def step():
        calls.append(len(calls))
        if len(calls) == 2:
            raise ConnectionError("database away")

    loop = Periodic("test-rounds", step, 0.01)
    with caplog.at_level(logging.WARNING, logger="irtibat.periodic"):
        await loop.start()
        await loop.start()  # a second start does not start a second loop
        while loop.rounds < 4:
            await asyncio.sleep(0.005)
        await loop.stop()
    assert len(calls) >= 4 and loop.rounds == len(calls)
    assert [r.getMessage() for r in caplog.records] == ["test-rounds: round failed"]
    stopped_at = len(calls)
    await asyncio.sleep(0.05)
    assert len(calls) == stopped_at  # stop() ended it


async def test_an_interval_of_zero_switches_the_loop_off():
    calls = []

    async def step():
        calls.append(1)

    loop = Periodic("off", step, 0)
    await loop.start()
    await asyncio.sleep(0.02)
    await loop.stop()
    assert calls == [] and loop.rounds == 0
