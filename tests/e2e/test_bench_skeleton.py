"""The skeleton pipeline really does each hop's work (a write per message consumed, the work item in
the sink's queue for every accepted application) against RabbitMQ and the stand-in, and a process
that cannot start is reported by name."""

import uuid

import pytest

from bench.skeleton.__main__ import Processes, run_shape
from bench.skeleton.shapes import SHAPES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
WARMUP = 100  # the warm-up's 2 s at 50/s


async def test_the_two_hop_skeleton_carries_every_application_to_the_sink(rabbit_url, mongo_url):
    result = await run_shape(SHAPES["two-hop"], rabbit_url, mongo_url, f"skeleton_{uuid.uuid4().hex[:6]}",
                             connections=4, duration=1.0)
    accepted = result["accepted"]
    assert accepted > 20 and result["lost"] == 0 and result["finished"]
    assert result["stored"] == {"applications": accepted + WARMUP, "cases": accepted + WARMUP}
    assert result["updated"] == 0  # no status view in this shape
    assert {"entry", "routing", "mongo", "rabbitmq", "loadgen"} <= set(result["cpu_ms_per_app"])
    assert result["cpu_ms_per_app"]["routing"] > 0 and result["applications_per_s"] > 0


@pytest.mark.parametrize("batched", [False, True], ids=["one-write-per-command", "batched"])
async def test_the_design_skeleton_writes_for_every_consumer_of_each_application(rabbit_url, mongo_url, batched):
    result = await run_shape(SHAPES["design"], rabbit_url, mongo_url, f"skeleton_{uuid.uuid4().hex[:6]}",
                             connections=8, duration=1.0, batched=batched)
    total = result["accepted"] + WARMUP
    assert result["lost"] == 0 and result["finished"]
    # notify stores one document for request.registered and one for case.routed
    assert result["stored"] == {"applications": total, "cases": total, "notifications": 2 * total}
    assert result["updated"] == total  # intake's status view saw case.routed for every application
    assert {"entry", "routing", "notify"} <= set(result["cpu_ms_per_app"])


def test_a_process_that_cannot_start_is_named_with_its_error(rabbit_url, monkeypatch):
    monkeypatch.delenv("MONGO_URL", raising=False)
    processes = Processes(SHAPES["two-hop"], {"RABBIT_URL": rabbit_url})
    try:
        with pytest.raises(RuntimeError, match="(?s)skeleton entry exited: .*KeyError: 'MONGO_URL'"):
            processes.start(timeout=30)
    finally:
        processes.stop()
