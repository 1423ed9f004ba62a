"""Command-line options and the plan of load phases each mode runs (pure)."""

import argparse
from dataclasses import dataclass

STEPS = (100.0, 250.0, 500.0)
FLOOR_RATE = 250.0


@dataclass(frozen=True)
class Phase:
    name: str
    role: str  # warmup | step | saturation | burst | routing-x1
    kind: str  # open: fixed schedule; closed: `connections` clients back to back; backlog: see below
    duration: float
    rate: float = 0.0
    connections: int = 256
    drain_timeout: float = 30.0
    timeout_s: float = 30.0  # the client gives up on an answer after this long (counted as an error)
    settle_s: float = 15.0  # at most this long for the service queues to empty before the next phase


@dataclass(frozen=True)
class Options:
    mode: str = "quick"
    rate: float = FLOOR_RATE
    duration: float | None = None
    routing_copies: int = 1
    intake_copies: int = 1
    json_out: str | None = None
    profile: str | None = None
    drain_timeout: float | None = None
    seed: int = 153
    mongo_ops: bool = False
    only: tuple[str, ...] = ()

    @property
    def final_drain(self) -> float:
        """After the last phase: once no straggler has arrived for this long, the rest count as lost."""
        return self.drain_timeout * 2 if self.drain_timeout else (20.0 if self.mode == "quick" else 120.0)

    @property
    def sustained_duration(self) -> float:
        return self.duration if self.duration is not None else (10.0 if self.mode == "quick" else 60.0)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description="İrtibat end-to-end benchmark")
    p.add_argument("--mode", choices=["quick", "full"], default="quick",
                   help="quick: under a minute; full: 60 s floor, steps, saturation and a 1,000/s burst")
    p.add_argument("--rate", type=_positive_float, default=FLOOR_RATE,
                   help="offered rate of the sustained phase (applications/s, default 250)")
    p.add_argument("--duration", type=_positive_float, default=None,
                   help="seconds of the sustained phase (quick 10, full 60)")
    p.add_argument("--routing-copies", type=_positive_int, default=1,
                   help="routing processes; above 1 also compares against a single copy")
    p.add_argument("--intake-copies", type=_positive_int, default=1, help="intake processes (requests spread)")
    p.add_argument("--json-out", default=None, help="also write the JSON result to this file")
    p.add_argument("--profile", default=None, metavar="DIR",
                   help="sample every Python process with py-spy during the sustained phase into DIR")
    p.add_argument("--drain-timeout", type=_positive_float, default=None,
                   help="seconds to wait for every accepted application to reach its department queue")
    p.add_argument("--seed", type=int, default=153, help="seed for the order of sample applications")
    p.add_argument("--phases", default="", metavar="LIST",
                   help="run only these phases, by name or role (comma-separated: warmup,sustained,step,"
                        "saturation,burst)")
    p.add_argument("--mongo-ops", action="store_true",
                   help="count every MongoDB command per application through a counting proxy (the bench "
                        "must start the services itself; the proxy hop makes timings worse)")
    return p


def parse_args(argv: list[str] | None = None) -> Options:
    a = parser().parse_args(argv)
    return Options(mode=a.mode, rate=a.rate, duration=a.duration, routing_copies=a.routing_copies,
                   intake_copies=a.intake_copies, json_out=a.json_out, profile=a.profile,
                   drain_timeout=a.drain_timeout, seed=a.seed, mongo_ops=a.mongo_ops,
                   only=tuple(x.strip() for x in a.phases.split(",") if x.strip()))


def plan(opts: Options) -> list[Phase]:
    """The phases in order. The sustained phase is the step at `--rate` (250/s unless changed)."""
    quick = opts.mode == "quick"
    # Quick mode bounds every wait, so that even a pipeline that cannot keep up ends in minutes.
    drain = opts.drain_timeout or (5.0 if quick else 60.0)
    bounds = {"timeout_s": 10.0, "settle_s": 3.0} if quick else {}
    step_s = 3.0 if quick else 20.0
    phases = [Phase("warmup", "warmup", "open", 2.0 if quick else 5.0, rate=50.0 if quick else 100.0,
                    drain_timeout=drain, **bounds)]
    rates = sorted({*STEPS, opts.rate})
    for r in rates:
        sustained = r == opts.rate
        phases.append(Phase(f"{'sustained' if sustained else 'step'}-{r:g}", "sustained" if sustained else "step",
                            "open", opts.sustained_duration if sustained else step_s, rate=r, drain_timeout=drain,
                            **bounds))
    phases.append(Phase("saturation", "saturation", "closed", 3.0 if quick else 20.0,
                        connections=32 if quick else 64, drain_timeout=drain, **bounds))
    if not quick:
        phases.append(Phase("burst-1000", "burst", "open", 10.0, rate=1000.0, drain_timeout=max(drain, 60.0)))
    if opts.only:
        phases = [p for p in phases if p.name in opts.only or p.role in opts.only]
    return phases


def comparison_phase(opts: Options, copies: int) -> Phase:
    """Routing's own throughput with one copy and again with `copies`, where routing is the
    bottleneck: a backlog of `rate × duration` applications is submitted through intake while routing
    is paused; then intake and notify are paused, routing resumes, and the drain into the department
    queues is timed (bench/runner.py `run_backlog_phase`)."""
    quick = opts.mode == "quick"
    return Phase(f"routing-x{copies}", "routing-compare", "backlog", 1.5 if quick else 10.0, rate=200.0,
                 drain_timeout=max(opts.drain_timeout or 0.0, 30.0 if quick else 120.0),
                 settle_s=20.0 if quick else 60.0)
