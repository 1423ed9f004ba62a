"""A steady stream of applications through intake's HTTP API while things break: services are
killed, RabbitMQ restarts, the databases restart. Afterwards every accepted application has
exactly one case and reached its department's queue, no redelivery had a second effect, and the
doubles at-least-once delivery allows are counted (summary lines: run with -s, or read
artifacts/faults.json).

One stack for the module (intake, routing, notify as processes on a private RabbitMQ node; routing's
database on its own stand-in, as in production where each service has its own); each test streams
its own applications and counts only those.
"""

import asyncio
import os
import time

import httpx
import pytest

from tests.support import faults
from tests.support.waiting import poll

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
COUNT = int(os.environ.get("FAULT_STREAM_SIZE", "1000"))
RATE = float(os.environ.get("FAULT_STREAM_RATE", "60"))
SERVICES = ("intake", "routing", "notify")


@pytest.fixture(scope="module")
def stack():
    s = faults.Stack(faults.private_node(), faults.private_mongo(), "stream",
                     mongos={"routing": faults.private_mongo("routing")},
                     # Routing with a tight retry budget (two attempts, 0.1 s apart): a database outage
                     # outlasts it by far, and must still not park a single message.
                     extra={"routing": {"MAX_ATTEMPTS": "2", "RETRY_BASE_MS": "100"}}).start()
    yield s
    s.stop()


def broker_connected(stack: faults.Stack, svc: str) -> bool:
    try:
        state = httpx.get(f"{stack[svc].base_url}/health/ready", timeout=3).json()
        return state["ready"] is True and state["checks"]["broker"] is True
    except (httpx.HTTPError, KeyError, ValueError):
        return False


def run_stream(stack: faults.Stack, name: str, chaos) -> tuple[faults.StreamResult, float]:
    """The stream and the chaos side by side; chaos(t0) runs blocking steps in a thread."""
    t0 = time.monotonic()

    async def main():
        stream = faults.stream(stack["intake"].base_url, COUNT, RATE, run=f"{stack.run}-{name}")
        return (await asyncio.gather(stream, asyncio.to_thread(chaos, t0)))[0]

    result = asyncio.run(main())
    assert not result.rejected and not result.changed_number, result.rejected[:3]
    return result, t0


def at(t0: float, fraction: float) -> None:
    time.sleep(max(0.0, t0 + fraction * COUNT / RATE - time.monotonic()))


def check(f: dict, result: faults.StreamResult, stack: faults.Stack) -> None:
    assert len(result.accepted) == COUNT  # the client retried until each was accepted
    assert f["lost_in_intake"] == f["lost_case"] == f["lost_work_item"] == 0, f
    assert f["phantoms_in_intake"] == 0, f  # a retried key never made a second application
    assert f["work_item_second_effects"] == 0 and f["cases_changed_twice"] == 0, f
    assert f["receipts_missing"] == f["receipts_twice"] == f["sms_receipts_missing"] == 0, f
    assert f["status_views_not_updated"] == 0, f  # intake's own consumer followed the cases too
    assert stack.parked() == {}  # an outage or a crash is not the messages' fault: none parked
    # At-least-once: a crash between a send and its record may repeat a message; it stays rare.
    assert f["work_item_doubles"] <= 0.02 * COUNT, f
    assert f["sms_receipt_doubles"] <= max(2, 0.02 * f["sms_receipts_expected"]), f


def counters(stack: faults.Stack) -> tuple[int, int]:
    return faults.absorbed_redeliveries(stack), faults.possible_doubles(stack)


def summary(name: str, stack: faults.Stack, result: faults.StreamResult, before: tuple[int, int], **extra) -> dict:
    outcome = faults.settle(stack, result)
    f = outcome.figures()
    absorbed, doubles = counters(stack)
    faults.record(name, {"sent": result.sent, **f, **extra,
                         "absorbed_redeliveries": absorbed - before[0],
                         "notify_possible_doubles": doubles - before[1],
                         "replayed_answers": result.replayed, "stream_seconds": round(result.seconds, 1),
                         "http": {str(k): v for k, v in sorted(result.statuses.items(), key=str)}})
    return f


def test_killing_routing_notify_and_intake_loses_nothing_and_does_nothing_twice(stack):
    restarts: dict[str, float] = {}
    before = counters(stack)

    def chaos(t0: float) -> None:
        # Killed one after another while the stream runs; a restart under load takes longer than
        # the gap between kills, so the restarts overlap.
        started = {}
        for svc, fraction in (("routing", 0.15), ("notify", 0.35), ("intake", 0.55)):
            at(t0, fraction)
            stack[svc].kill()
            stack[svc].start()
            started[svc] = time.monotonic()
        for svc in SERVICES:
            stack[svc].wait_ready(180)
            restarts[svc] = round(time.monotonic() - started[svc], 1)

    result, _ = run_stream(stack, "kill", chaos)
    f = summary("kill routing, notify, intake", stack, result, before, restart_seconds=restarts)
    assert sorted(restarts) == sorted(SERVICES)
    check(f, result, stack)


def test_a_broker_restart_loses_nothing_and_everyone_reconnects(stack):
    seen: dict = {}
    before = counters(stack)

    def chaos(t0: float) -> None:
        at(t0, 0.2)
        stack.node.stop()
        seen["down"] = time.monotonic() - t0
        # While the broker is away: intake is ready (the outbox holds its messages), routing is not.
        seen["intake_ready"] = stack.ready("intake")
        poll(lambda: not stack.ready("routing"), 30, "routing reporting not ready without the broker")
        time.sleep(2.0)
        stack.node.start()
        seen["up"] = time.monotonic() - t0
        for svc in SERVICES:  # nobody restarts them: they reconnect by themselves
            poll(lambda: broker_connected(stack, svc), 90, f"{svc} reconnecting to the broker")
        seen["all_ready_after_s"] = round(time.monotonic() - t0 - seen["up"], 1)

    result, _ = run_stream(stack, "broker", chaos)
    during = result.accepted_between(seen["down"], seen["up"])
    f = summary("restart RabbitMQ", stack, result, before, accepted_while_broker_down=during,
                broker_down_s=round(seen["up"] - seen["down"], 1), reconnected_after_s=seen["all_ready_after_s"])
    assert seen["intake_ready"] is True
    assert during > 0  # intake kept accepting while the broker was away
    check(f, result, stack)


def test_database_restarts_answer_503_recover_by_themselves_and_lose_nothing(stack):
    seen: dict = {}
    before = counters(stack)
    outage_s = float(os.environ.get("FAULT_DB_OUTAGE_S", "8"))

    def restart(name: str, mongo) -> None:
        mongo.stop(keep_data=True)
        down = time.monotonic()
        time.sleep(outage_s)
        seen[f"{name}_ready_while_down"] = stack.ready(name)
        mongo.start()  # the same port and data folder
        seen[f"{name}_down_s"] = round(time.monotonic() - down, 1)

    def chaos(t0: float) -> None:
        # Intake's (and notify's) database first: what cannot be stored is answered 503, never 201;
        # the stream stalls and resumes when it is back.
        at(t0, 0.1)
        restart("intake", stack.mongos["intake"])
        poll(lambda: stack.ready("intake"), 60, "intake recovering by itself")
        # Then routing's, while the rest of the stream flows in: its messages must wait, not be parked.
        restart("routing", stack.mongos["routing"])
        poll(lambda: all(stack.ready(svc) for svc in SERVICES), 90, "services recovering by themselves")

    result, _ = run_stream(stack, "mongo", chaos)
    f = summary("restart the Mongo stand-ins", stack, result, before, answered_503=result.statuses[503],
                **{k: v for k, v in seen.items() if k.endswith("_s")})
    assert seen["routing_ready_while_down"] is False and seen["intake_ready_while_down"] is False
    assert result.statuses[503] > 0 and result.missing_retry_after == 0
    assert "nothing was stored" in result.samples[503]  # a clear answer, never a 201 for it
    assert result.statuses[500] == 0
    check(f, result, stack)
