"""One load phase: snapshot /proc, run the load generator in its own process, wait until every
accepted application reached its department queue (or the drain timeout), let the service queues
settle, snapshot again, and turn it all into figures."""

import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench import mongo_ops, procs, stats
from bench.options import Phase
from bench.sink import DepartmentSink

SETTLE_S = 15.0
# The longest the bench waits for stragglers after its last phase while they keep arriving.
FINAL_WAIT_CAP_S = 900.0
# Dispatch lag p99 above this means the generator did not keep its schedule.
BEHIND_MS = 20.0
GENERATOR_NICE = -10
GENERATOR_RT_PRIORITY = 10


def cpu_snapshot(pids: dict[str, int]) -> dict[str, float]:
    snap = {label: procs.cpu_seconds(pid) for label, pid in pids.items()}
    return {k: v for k, v in snap.items() if v is not None}


def _favour() -> None:
    """The generator runs ahead of everything else on a shared machine (real-time FIFO priority,
    else nice −10), so that its schedule, not the CPU it waits for, decides when requests go out.
    It sleeps between requests and costs well under a millisecond per request, so it takes no more
    CPU than it would anyway. Needs root; otherwise unchanged."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(GENERATOR_RT_PRIORITY))
    except (OSError, AttributeError):
        try:
            os.setpriority(os.PRIO_PROCESS, 0, GENERATOR_NICE)
        except OSError:
            pass


async def generate(phase: Phase, urls: list[str], seed: int) -> dict[str, Any]:
    cfg = {"urls": urls, "kind": phase.kind, "rate": phase.rate, "duration": phase.duration,
           "connections": phase.connections, "seed": seed, "timeout_s": phase.timeout_s}
    folder = tempfile.mkdtemp(prefix="irtibat-bench-")
    cfg_path, out_path = os.path.join(folder, "cfg.json"), os.path.join(folder, "out.json")
    with open(cfg_path, "w", encoding="utf-8") as f:
        json.dump(cfg, f)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.loadgen", cfg_path, out_path,
                                                preexec_fn=_favour)
    if await proc.wait() != 0:
        raise RuntimeError(f"the load generator failed in phase {phase.name}")
    with open(out_path, encoding="utf-8") as f:
        result = json.load(f)
    for path in (cfg_path, out_path):
        os.unlink(path)
    os.rmdir(folder)
    return result


async def wait_drained(sink: DepartmentSink, accepted: list[str], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pending = accepted
    while time.monotonic() < deadline:
        pending = sink.missing(pending)
        if not pending:
            return True
        await asyncio.sleep(0.1)
    return not sink.missing(pending)


async def wait_while_arriving(sink: DepartmentSink, accepted: list[str], idle_s: float,
                              cap_s: float = FINAL_WAIT_CAP_S, poll_s: float = 0.25) -> float:
    """Waits while work items still arrive: until all are in, or none has come for `idle_s` (then
    the rest count as lost), or `cap_s` has passed. A machine slower than the offered load leaves
    a backlog that takes minutes to drain; those items are late, not lost. Returns seconds waited."""
    started = time.monotonic()
    pending = sink.missing(accepted)
    idle_until = started + idle_s
    while pending and time.monotonic() < min(idle_until, started + cap_s):
        await asyncio.sleep(poll_s)
        still = sink.missing(pending)
        if len(still) < len(pending):
            idle_until = time.monotonic() + idle_s
        pending = still
    return time.monotonic() - started


async def wait_settled(sink: DepartmentSink, timeout: float = SETTLE_S) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    backlog = await sink.backlog()
    while any(backlog.values()) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        backlog = await sink.backlog()
    return backlog


class Window:
    """What a phase's figures are measured over: CPU of every process, the machine's busy and
    stolen time, wall time and load average, from its creation to `close()`."""

    def __init__(self, pids: dict[str, int]):
        self.pids = pids
        self.load_before = procs.loadavg()
        (self.busy0, self.steal0), self.cpu0, self.wall0 = procs.machine_cpu_seconds(), cpu_snapshot(pids), time.monotonic()
        self.cpu0["bench"] = time.process_time()

    def close(self) -> None:
        (self.busy1, self.steal1), self.cpu1, self.wall1 = procs.machine_cpu_seconds(), cpu_snapshot(self.pids), time.monotonic()
        self.cpu1["bench"] = time.process_time()

    def result(self, phase: Phase, gen: dict[str, Any], accepted: dict[str, float], drained: bool,
               backlog: dict[str, int], sink: DepartmentSink, mongo_ops_per_app: dict | None = None) -> dict[str, Any]:
        self.cpu0["loadgen"], self.cpu1["loadgen"] = 0.0, gen["cpu_s"]
        ours = sum(self.cpu1[k] - self.cpu0.get(k, self.cpu1[k]) for k in self.cpu1)
        return {"mongo_ops": mongo_ops_per_app or {}, "phase": phase, "gen": gen, "accepted": accepted,
                "drained": drained, "late_at_drain": len(sink.missing(accepted)), "backlog": backlog,
                "cpu": (self.cpu0, self.cpu1),
                "other_cpu_cores": round(max(0.0, (self.busy1 - self.busy0) - ours) / (self.wall1 - self.wall0), 2),
                "stolen_cpu_cores": round((self.steal1 - self.steal0) / (self.wall1 - self.wall0), 2),
                "peaks": {label: procs.peak_rss_mib(pid) for label, pid in self.pids.items()},
                "load": (self.load_before, procs.loadavg())}


def accepted_of(gen: dict[str, Any]) -> dict[str, float]:
    """Tracking number → answer time of every application the API accepted (201)."""
    return {r[5]: r[6] for r in gen["records"] if r[4] == 201 and r[5]}


async def run_phase(phase: Phase, urls: list[str], pids: dict[str, int], sink: DepartmentSink,
                    seed: int, on_started=None, mongo_ops_stats: str | None = None) -> dict[str, Any]:
    """Run one phase and measure it; the figures that depend on arrivals come from `summarise_phase`
    once every phase has had its final chance to drain."""
    for pid in pids.values():
        procs.reset_peak(pid)
    ops0 = mongo_ops.read_stats(mongo_ops_stats) if mongo_ops_stats else {}
    window = Window(pids)
    task = asyncio.create_task(generate(phase, urls, seed))
    if on_started:
        await on_started(phase)
    gen = await task
    accepted = accepted_of(gen)
    drained = await wait_drained(sink, list(accepted), phase.drain_timeout)
    backlog = await wait_settled(sink, phase.settle_s)
    window.close()
    ops = {}
    if mongo_ops_stats:
        await asyncio.sleep(1.0)  # the proxy writes its counts every half second
        ops = mongo_ops.per_application(ops0, mongo_ops.read_stats(mongo_ops_stats), len(accepted))
    return window.result(phase, gen, accepted, drained, backlog, sink, ops)


async def run_backlog_phase(phase: Phase, urls: list[str], pids: dict[str, int], sink: DepartmentSink, seed: int,
                            pause: Callable[[tuple[str, ...], int], None]) -> dict[str, Any]:
    """Routing where it is the bottleneck: fill its queue through intake while it is paused (SIGSTOP),
    let notify take its share of the registrations, pause intake and notify, resume routing and time
    the drain into the department queues. Only the drain is measured (CPU too); intake and notify
    resume afterwards and work off the case events. Every application is real: nothing is parked."""
    pause(("routing",), signal.SIGSTOP)
    try:
        gen = await generate(phase, urls, seed)
        await asyncio.sleep(1.0)
        deadline = time.monotonic() + 60
        while (await sink.backlog()).get("notify.applications") and time.monotonic() < deadline:
            await asyncio.sleep(0.25)
        pause(("intake", "notify"), signal.SIGSTOP)
    except BaseException:
        pause(("routing",), signal.SIGCONT)
        raise
    try:
        window = Window(pids)
        pause(("routing",), signal.SIGCONT)
        accepted = accepted_of(gen)
        drained = await wait_drained(sink, list(accepted), phase.drain_timeout)
        window.close()
    finally:
        pause(("routing", "intake", "notify"), signal.SIGCONT)
    backlog = await wait_settled(sink, phase.settle_s)
    # The drain is the window: delivered/s = applications / drain time; the generator's CPU was spent
    # before it (filling the queue), so it is not charged.
    gen = {**gen, "fill_t0": gen["t0"], "t0": window.wall0, "cpu_s": 0.0}
    return window.result(phase, gen, accepted, drained, backlog, sink)


def summarise_phase(run: dict[str, Any], sink: DepartmentSink) -> dict[str, Any]:
    phase: Phase = run["phase"]
    gen, accepted = run["gen"], run["accepted"]
    records = gen["records"]
    t0 = gen["t0"]
    last_answer = max((r[6] for r in records), default=t0)
    # Open loop: the schedule's length; closed loop: until the last answer; backlog: see run_backlog_phase.
    window = phase.duration if phase.kind == "open" else max(last_answer - gen.get("fill_t0", t0), 1e-9)
    match = stats.deliveries(accepted, sink.arrivals)
    last_arrival = match["last_arrival"]
    cpu0, cpu1 = run["cpu"]
    lag = stats.summarise(r[2] for r in records)
    return {
        "name": phase.name, "role": phase.role, "kind": phase.kind, "duration_s": phase.duration,
        "offered_per_s": phase.rate if phase.kind == "open" else None,
        "connections": phase.connections,
        "sent": len(records),
        "accepted": len(accepted),
        "accepted_per_s": stats.rate(len(accepted), window),
        "delivered_per_s": stats.rate(len(accepted) - len(match["lost"]),
                                      (last_arrival - t0) if last_arrival else 0.0),
        "statuses": stats.status_counts(r[4] for r in records),
        "errors": dict(Counter(r[7] for r in records if len(r) > 7 and r[7])),
        "http_ms": stats.summarise(r[3] for r in records if r[4]),
        # A backlog phase holds its applications back on purpose: no end-to-end latency to speak of.
        "e2e_ms": stats.summarise([] if phase.kind == "backlog" else match["e2e"]),
        "since_registered_ms": stats.summarise([] if phase.kind == "backlog" else (
            sink.since_registered[t] for t in accepted if t in sink.since_registered)),
        "lost": len(match["lost"]),
        "lost_sample": match["lost"][:5],
        "late_at_drain": run["late_at_drain"],
        "doubled": match["doubled"],
        "drain_s": round(max(0.0, last_arrival - max(last_answer, t0)), 2) if last_arrival else None,
        "backlog_after": run["backlog"],
        # CPU per application is complete only when the phase's work was done inside its window.
        "settled": run["late_at_drain"] == 0 and not any(run["backlog"].values()),
        "generator": {"lag_ms": lag, "behind": (lag["p99"] or 0) > BEHIND_MS, "cpu_s": gen["cpu_s"],
                      "max_inflight": gen["max_inflight"], "rss_mib": gen["max_rss_mib"], "nice": gen.get("nice")},
        "cpu_ms_per_app": stats.cpu_ms_per_app(cpu0, cpu1, len(accepted)),
        "cpu_s": {k: round(cpu1[k] - cpu0[k], 2) for k in cpu1 if k in cpu0},
        "other_cpu_cores": run["other_cpu_cores"],
        "stolen_cpu_cores": run.get("stolen_cpu_cores"),
        "peak_rss_mib": run["peaks"],
        "loadavg_before": run["load"][0], "loadavg_after": run["load"][1],
        **({"mongo_ops_per_app": run["mongo_ops"]} if run.get("mongo_ops") else {}),
    }
