"""Crashes: a steady stream of applications while routing, then notify, then intake are killed
(SIGKILL) and restarted. Every accepted application has exactly one case and reached its
department's queue; no redelivery had a second effect; the doubles at-least-once allows are
counted and small."""

import asyncio
import os
import time

import pytest

from tests.support import faults

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
COUNT = int(os.environ.get("FAULT_STREAM_SIZE", "1000"))
RATE = float(os.environ.get("FAULT_STREAM_RATE", "60"))


@pytest.fixture
def stack():
    s = faults.Stack(faults.private_node(), faults.private_mongo(), "crash").start()
    yield s
    s.stop()


def kill_and_restart(stack: faults.Stack, svc: str, log: list) -> None:
    t = time.monotonic()
    stack[svc].kill()
    stack[svc].start().wait_ready(180)
    log.append((svc, round(time.monotonic() - t, 1)))


def test_killing_each_service_during_a_stream_loses_nothing_and_does_nothing_twice(stack):
    duration = COUNT / RATE
    downtimes: list = []

    async def chaos() -> None:
        # Each is killed while the stream runs; a restart under load takes longer than the gap
        # between kills, so the restarts overlap.
        restarts = []
        for svc, at in (("routing", 0.15), ("notify", 0.35), ("intake", 0.55)):
            await asyncio.sleep(max(0.0, at * duration - (time.monotonic() - t0)))
            restarts.append(asyncio.create_task(asyncio.to_thread(kill_and_restart, stack, svc, downtimes)))
            await asyncio.sleep(0.5)  # the kill itself happens at once
        await asyncio.gather(*restarts)

    async def main():
        return (await asyncio.gather(
            faults.stream(stack["intake"].base_url, COUNT, RATE, run=stack.run), chaos()))[0]

    t0 = time.monotonic()
    result = asyncio.run(main())
    assert not result.rejected, result.rejected[:3]
    assert not result.changed_number
    outcome = faults.settle(stack, result)
    f = outcome.figures()
    faults.record("kill routing, notify, intake", {
        "sent": result.sent, **f, "absorbed_redeliveries": faults.absorbed_redeliveries(stack),
        "restart_seconds": dict(downtimes), "stream_seconds": round(result.seconds, 1),
        "replayed_answers": result.replayed,
        "http": {str(k): v for k, v in result.statuses.items()}})

    assert len(result.accepted) == COUNT  # the client retried until each was accepted
    assert sorted(svc for svc, _ in downtimes) == ["intake", "notify", "routing"]
    assert f["lost_in_intake"] == f["lost_case"] == f["lost_work_item"] == 0
    assert f["phantoms_in_intake"] == 0  # a retried key never made a second application
    assert f["work_item_second_effects"] == 0 and f["cases_changed_twice"] == 0
    assert f["receipts_missing"] == f["receipts_twice"] == 0
    assert f["sms_receipts_missing"] == 0
    # At-least-once: a crash between a send and its record may repeat a message; it stays rare.
    assert f["work_item_doubles"] <= 0.02 * COUNT
    assert f["sms_receipt_doubles"] <= max(2, 0.02 * f["sms_receipts_expected"])
