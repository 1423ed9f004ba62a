"""The bench's phases against a real pipeline (intake, routing and notify as processes, RabbitMQ
and the stand-in): what `make bench` measures is measured, and the routing comparison really
fills routing's queue while routing is paused and times only the drain."""

import os
import signal
import uuid

import pytest

from bench.options import Phase
from bench.runner import run_backlog_phase, run_phase, summarise_phase
from bench.sink import DepartmentSink
from tests.support.gateways import Gateways
from tests.support.infra import ServiceProcess, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
PIPELINE = ("intake", "routing", "notify")


@pytest.fixture(scope="module")
def pipeline(rabbit_url, mongo_url):
    gateways = Gateways("bench-token").start()
    suffix = uuid.uuid4().hex[:6]
    common = {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local"}
    procs = {name: ServiceProcess(name, {**common, "MONGO_DATABASE": f"bench_{name}_{suffix}",
                                         **(gateways.notify_env() if name == "notify" else {})})
             for name in PIPELINE}
    try:
        with running(procs, timeout=120):
            yield procs
    finally:
        gateways.stop()


@pytest.fixture
async def sink(rabbit_url):
    running = DepartmentSink(rabbit_url)
    await running.start()
    yield running
    await running.stop()


def pids_of(procs: dict[str, ServiceProcess]) -> dict[str, int]:
    return {name: proc.process.pid for name, proc in procs.items()}


def state(pid: int) -> str:
    """The process state letter from /proc (T = stopped by a signal)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


async def test_an_open_phase_counts_every_application_from_intake_to_its_department_queue(pipeline, sink):
    phase = Phase("step-20", "step", "open", 1.5, rate=20.0, drain_timeout=60.0, settle_s=20.0)
    figures = summarise_phase(await run_phase(phase, [pipeline["intake"].base_url], pids_of(pipeline), sink,
                                              seed=7), sink)
    assert figures["sent"] == figures["accepted"] == 30
    assert figures["statuses"]["2xx"] == 30 and figures["statuses"]["5xx"] == 0
    assert figures["lost"] == 0 and figures["doubled"] == 0
    assert figures["e2e_ms"]["n"] == 30 and figures["e2e_ms"]["p50"] > 0
    assert figures["http_ms"]["n"] == 30
    # Every process of the pipeline did work, and the bench charged it to the applications.
    assert all(figures["cpu_ms_per_app"][name] > 0 for name in PIPELINE)


async def test_the_routing_comparison_fills_routings_queue_while_it_is_paused_and_times_the_drain(
        pipeline, sink):
    pids = pids_of(pipeline)
    signalled: list[tuple[tuple[str, ...], int]] = []

    def pause(labels: tuple[str, ...], sig: int) -> None:
        signalled.append((labels, sig))
        for label in labels:
            os.kill(pids[label], sig)

    phase = Phase("routing-x1", "routing-compare", "backlog", 1.0, rate=40.0, drain_timeout=90.0, settle_s=30.0)
    run = await run_backlog_phase(phase, [pipeline["intake"].base_url], pids, sink, 11, pause)
    figures = summarise_phase(run, sink)

    assert figures["accepted"] == 40 and figures["lost"] == 0 and figures["doubled"] == 0
    # Nothing reached a department while routing was paused: every arrival is inside the drain window.
    arrivals = [t for tracking_no in run["accepted"] for t in sink.arrivals[tracking_no]]
    assert min(arrivals) >= run["gen"]["t0"]
    # Only routing worked in the window: intake and notify were stopped, so they cost nothing.
    assert figures["cpu_ms_per_app"]["routing"] > 0
    assert figures["cpu_ms_per_app"]["intake"] == 0 and figures["cpu_ms_per_app"]["notify"] == 0
    assert signalled[:3] == [(("routing",), signal.SIGSTOP), (("intake", "notify"), signal.SIGSTOP),
                             (("routing",), signal.SIGCONT)]
    # Everything runs again afterwards, and intake still answers.
    assert signalled[-1] == (("routing", "intake", "notify"), signal.SIGCONT)
    assert all(state(pid) != "T" for pid in pids.values())
    pipeline["intake"].wait_ready(10)
