"""Alternated A/B runs of the bench, the only comparison this machine allows:

    python -m bench.ab BASE_REF [--rounds 3] [--out DIR] [-- BENCH ARGS]

A run's figures drift with the machine (the same commit: 64 → 88 applications/s delivered at
saturation within twenty minutes, docs/performance.md), so one run of each side proves little.
This checks BASE_REF out into `.local/ab/<commit>` (a git worktree with its own virtualenv,
`make setup`), then runs the bench there and here in turn, ROUNDS times, each run on a fresh
database with the pipeline's queues purged, and prints every run and the median of each side
per phase. BENCH ARGS default to `--mode full --phases warmup,saturation`.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.sink import PIPELINE_QUEUES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH_ARGS = ["--mode", "full", "--phases", "warmup,saturation"]
FIGURES = (("accepted_per_s", "acc/s"), ("delivered_per_s", "dlv/s"))
PERCENTILES = (("http_ms", "http p99"), ("e2e_ms", "e2e p99"))


def summarize(runs: list[tuple[str, dict[str, Any]]]) -> str:
    """Every run's figures per phase (warm-up left out), then each side's median."""
    lines = []
    phases = [p["name"] for p in runs[0][1]["phases"] if p["role"] != "warmup"] if runs else []
    for phase in phases:
        lines.append(f"{phase} (each run, then the median per side):")
        lines.append(f"  {'':<8}" + "".join(f"{label:>11}" for _, label in FIGURES + PERCENTILES)
                     + f"{'CPU ms/app':>11}")
        per_side: dict[str, list[list[float]]] = {}
        for side, doc in runs:
            p = next((x for x in doc["phases"] if x["name"] == phase), None)
            if p is None:
                continue
            row = [p[key] for key, _ in FIGURES] + [p[key]["p99"] for key, _ in PERCENTILES]
            row.append(sum(p["cpu_ms_per_app"].values()))
            per_side.setdefault(side, []).append(row)
            lines.append(f"  {side:<8}" + "".join(f"{v:>11.1f}" for v in row))
        for side, rows in per_side.items():
            medians = [statistics.median(col) for col in zip(*rows)]
            lines.append(f"  {side + ' med':<8}" + "".join(f"{v:>11.1f}" for v in medians))
    return "\n".join(lines)


def sh(*args: str, cwd: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, check=check, text=True, capture_output=True)


def worktree(ref: str) -> Path:
    commit = sh("git", "rev-parse", "--short", ref).stdout.strip()
    place = ROOT / ".local" / "ab" / commit
    if not place.exists():
        sh("git", "worktree", "add", "--detach", str(place), commit)
    subprocess.run(["make", "-s", "setup"], cwd=place, check=True)
    return place


def fresh_start(places: list[Path]) -> None:
    for place in places:  # only one stack at a time may hold the ports
        sh("make", "-s", "down", cwd=place, check=False)
    for queue in PIPELINE_QUEUES + tuple(f"{q}.retry" for q in PIPELINE_QUEUES):
        sh("rabbitmqctl", "-q", "purge_queue", queue, check=False)


def run_one(place: Path, bench_args: list[str], out: Path) -> dict[str, Any]:
    subprocess.run(["rm", "-rf", str(place / ".local" / "mongo")], check=True)
    with open(out.with_suffix(".log"), "w") as log:
        subprocess.run([str(place / ".venv" / "bin" / "python"), "-m", "bench", *bench_args, "--json-out", str(out)],
                       cwd=place, check=True, stdout=log, stderr=subprocess.STDOUT)
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit (or branch, tag) to compare this checkout against")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / ".local" / "ab" / "runs")
    opts = parser.parse_args(argv[:split])
    bench_args = argv[split + 1:] or DEFAULT_BENCH_ARGS
    sides = {"base": worktree(opts.base), "this": ROOT}
    opts.out.mkdir(parents=True, exist_ok=True)
    runs = []
    try:
        for n in range(1, opts.rounds + 1):
            for side, place in sides.items():
                fresh_start(list(sides.values()))
                print(f"round {n}: {side} ({place}) …", flush=True)
                runs.append((side, run_one(place, bench_args, opts.out / f"{side}-{n}.json")))
    finally:
        fresh_start(list(sides.values()))
    print(summarize(runs))


if __name__ == "__main__":
    main()
