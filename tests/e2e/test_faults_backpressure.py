"""Back-pressure: when a consumer falls behind its queue grows and then drains with nothing lost;
when intake cannot keep up it answers 503 (or 429 for a key over its rate) with Retry-After
instead of falling over."""

import asyncio
import os
import time

import httpx
import pytest

from tests.support import faults
from tests.support.waiting import poll

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
BEHIND = int(os.environ.get("FAULT_BEHIND_SIZE", "400"))
MAX_IN_FLIGHT = 8
QUEUE = "routing.request-registered"


@pytest.fixture(scope="module")
def stack():
    s = faults.Stack(faults.private_node(), faults.private_mongo(), "pressure",
                     extra={"intake": {"MAX_IN_FLIGHT": str(MAX_IN_FLIGHT)}}).start()
    yield s
    s.stop()


def test_a_consumer_that_falls_behind_leaves_a_queue_that_grows_and_drains(stack):
    stack["routing"].stop()
    result = asyncio.run(faults.stream(stack["intake"].base_url, BEHIND, 100, run=f"{stack.run}-behind"))
    assert len(result.accepted) == BEHIND and not result.rejected
    depth = poll(lambda: (d := stack.node.queue_depths(stack.vhost).get(QUEUE, 0)) >= BEHIND and d, 120,
                 f"{QUEUE} holding every application while routing is away")
    stack["routing"].start().wait_ready(180)
    t = time.monotonic()
    poll(lambda: stack.node.queue_depths(stack.vhost).get(QUEUE, 0) == 0, 180, f"{QUEUE} draining")
    drain_s = time.monotonic() - t
    f = faults.settle(stack, result).figures()
    faults.record("routing behind", {"sent": result.sent, **f, "max_queue_depth": depth,
                                     "drained_after_ready_s": round(drain_s, 1)})
    assert depth == BEHIND  # every message waited; none was lost or doubled on the way in
    assert f["lost_case"] == f["lost_work_item"] == f["work_item_second_effects"] == 0, f
    assert f["work_item_doubles"] == 0 and f["phantoms_in_intake"] == 0, f
    assert stack.parked() == {}


def test_intake_sheds_a_burst_with_503_and_retry_after_instead_of_falling_over(stack):
    burst, live_failures = 300, []
    base = stack["intake"].base_url

    async def watch_liveness(done: asyncio.Event) -> None:
        async with httpx.AsyncClient(timeout=5) as client:
            while not done.is_set():
                try:
                    r = await client.get(f"{base}/health/live")
                    live_failures.extend([r.status_code] if r.status_code != 200 else [])
                except httpx.HTTPError as exc:
                    live_failures.append(type(exc).__name__)
                await asyncio.sleep(0.2)

    async def main():
        done = asyncio.Event()
        watcher = asyncio.create_task(watch_liveness(done))
        try:
            return await faults.stream(base, burst, 3000, run=f"{stack.run}-burst", concurrency=150)
        finally:
            done.set()
            await watcher

    result = asyncio.run(main())
    f = faults.settle(stack, result).figures()
    faults.record("burst into intake", {"sent": burst, **f, "answered_503": result.statuses[503],
                                         "max_in_flight": MAX_IN_FLIGHT, "liveness_failures": len(live_failures),
                                         "http": {str(k): v for k, v in result.statuses.items()}})
    assert result.statuses[503] > 0 and result.missing_retry_after == 0  # shed, and told when to come back
    assert "overloaded" in result.samples[503]
    assert set(result.statuses) <= {200, 201, 503}, result.statuses  # no 500, no refused connection
    assert live_failures == [] and stack["intake"].process.poll() is None  # it did not fall over
    assert len(result.accepted) == burst and f["lost_case"] == f["phantoms_in_intake"] == 0, f


def test_a_key_over_its_rate_gets_429_with_retry_after(stack):
    base = stack["intake"].base_url
    created = httpx.post(f"{base}/v1/admin/keys", headers={"X-API-Key": "dev-admin"}, timeout=30,
                         json={"role": "channel", "channel": "web", "label": "fault test", "rate_limit_per_minute": 3})
    assert created.status_code in (200, 201), created.text
    key = created.json()["secret"]
    body = {"kind": "request", "text": "Park bakımı yapılsın.", "service_code": "park-bakim",
            "location": {"district": "Talas"}, "consent": {"kvkk_ack": True}}
    answers = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(8):
            r = client.post("/v1/requests", json=body, headers={"X-API-Key": key, "Idempotency-Key": f"rate-{i}"})
            if r.status_code == 503:  # shed by MAX_IN_FLIGHT under a loaded machine: not the point here
                continue
            answers.append((r.status_code, r.headers.get("retry-after")))
    codes = [c for c, _ in answers]
    # A bucket of 3 that refills one every 20 s: three accepted, then refused until it refills.
    assert codes[:3] == [201] * 3 and codes[3:] == [429] * (len(codes) - 3), codes
    assert all(ra is not None and 1 <= int(ra) <= 20 for c, ra in answers if c == 429), answers
