"""`python -m bench --mode quick|full [--rate R] [--duration S] [--routing-copies N]
[--intake-copies N] [--json-out FILE] [--profile DIR]`."""

import asyncio
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import profile, report, stats
from bench.options import Options, Phase, comparison_phase, parse_args, plan
from bench.runner import run_backlog_phase, run_phase, summarise_phase, wait_settled, wait_while_arriving
from bench.sink import DepartmentSink
from bench.stack import Stack

SINK_NICE = -5
SINK_RT_PRIORITY = 5


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def run(opts: Options, stack: Stack, host: dict | None = None) -> dict:
    started = datetime.now(UTC)
    sink = DepartmentSink(stack.rabbit_url)
    purged = await sink.start()
    stack.notes.append(f"purged {purged} message(s) from the department queues; consuming all dept.* queues")
    # Work left in the services' own queues (an earlier run, other users) would be charged to us.
    before = await sink.backlog()
    if any(before.values()):
        say(f"  waiting for the pipeline's queues to empty first: {before}")
        after = await wait_settled(sink, 20.0 if opts.mode == "quick" else 90.0)
        stack.notes.append(f"backlog at start {sum(before.values())} message(s), {sum(after.values())} left when "
                           "the first phase began")
    runs: list[dict] = []
    profiles: dict[str, dict] = {}

    async def one(phase: Phase) -> None:
        spies: list = []

        async def on_started(p: Phase) -> None:
            if opts.profile and p.role == "sustained":
                spies.extend(await profile.record(stack.pids(), p.duration - 0.5, Path(opts.profile)))

        say(f"· {phase.name}: {describe(phase)} …")
        if phase.kind == "backlog":
            run = await run_backlog_phase(phase, stack.intake_urls(), stack.pids(), sink, opts.seed, stack.signal)
        else:
            run = await run_phase(phase, stack.intake_urls(), stack.pids(), sink, opts.seed, on_started,
                                  mongo_ops_stats=stack.mongo_ops_stats)
        for spy in spies:
            await spy.wait()
        if spies:
            cpu0, cpu1 = run["cpu"]
            cpu = stats.cpu_ms_per_app(cpu0, cpu1, len(run["accepted"]))
            profiles.update(profile.analyse(Path(opts.profile), len(run["accepted"]), cpu))
            (Path(opts.profile) / "summary.md").write_text(profile.markdown(profiles), encoding="utf-8")
        interim = summarise_phase(run, sink)
        say(f"  accepted {interim['accepted_per_s']}/s, http p99 {interim['http_ms']['p99']} ms, "
            f"e2e p99 {interim['e2e_ms']['p99']} ms, not yet arrived {interim['lost']}, "
            f"5xx {interim['statuses']['5xx']}, load {interim['loadavg_before'][0]:.2f}")
        runs.append(run)

    try:
        if opts.routing_copies > 1:
            # Same load against one routing process, then against all copies, back to back.
            await one(comparison_phase(opts, 1))
            await asyncio.to_thread(stack.add_copies, "routing", opts.routing_copies)
            await one(comparison_phase(opts, opts.routing_copies))
        if opts.intake_copies > 1:
            await asyncio.to_thread(stack.add_copies, "intake", opts.intake_copies)
        for phase in plan(opts):
            await one(phase)
        # Stragglers may arrive as long as they keep coming; what has not arrived when none has
        # come for final_drain seconds is lost.
        everything = [t for run in runs for t in run["accepted"]]
        if late := len(sink.missing(everything)):
            say(f"  {late} work item(s) still on the way: waiting while they arrive "
                f"(lost if none comes for {opts.final_drain:g}s)")
            waited = await wait_while_arriving(sink, everything, opts.final_drain)
            say(f"  waited {waited:.0f}s; {len(sink.missing(everything))} never arrived")
        phases = [summarise_phase(run, sink) for run in runs]
    finally:
        await sink.stop()
    doc = report.document(opts, phases, stack.notes, started, host)
    if profiles:
        doc["profile"] = profiles
    return doc


def describe(phase: Phase) -> str:
    if phase.kind == "backlog":
        return (f"{int(phase.rate * phase.duration)} applications queued for a paused routing, then routing alone "
                "drains them (intake and notify paused)")
    if phase.kind == "closed":
        return f"closed loop, {phase.connections} connections for {phase.duration:g}s"
    return f"open loop, {phase.rate:g}/s for {phase.duration:g}s"


def favour_measurement() -> None:
    """The department-queue consumer stamps arrival times: on a busy machine it must not wait for a
    CPU to do so. Real-time (FIFO) priority when allowed, else a lower nice value; only this
    process (processes it starts later reset their own scheduling)."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(SINK_RT_PRIORITY))
    except (OSError, AttributeError):
        try:
            os.setpriority(os.PRIO_PROCESS, 0, SINK_NICE)
        except OSError:
            pass


def main(argv: list[str] | None = None) -> None:
    opts = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if opts.profile and not profile.available():
        raise SystemExit("--profile needs py-spy (make setup installs it with the dev extra)")
    host = report.machine()  # before anything of ours runs: the yardstick measures an idle machine
    stack = Stack()
    try:
        say("bench: checking the local stack …")
        stack.up(mongo_ops=opts.mongo_ops)
        for note in stack.notes:
            say(f"  {note}")
        favour_measurement()
        doc = asyncio.run(run(opts, stack, host))
    finally:
        stack.down()
    print(report.table(doc), flush=True)
    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    print(line, flush=True)
    if opts.json_out:
        Path(opts.json_out).write_text(line + "\n", encoding="utf-8")
