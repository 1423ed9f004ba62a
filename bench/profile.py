"""Sampling profiles of the Python processes with py-spy while a phase runs, and a summary of
where the time goes per application: by library (leaf frame) and by our own functions
(inclusive)."""

import asyncio
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

from bench.stack import normal_priority

RATE_HZ = 100
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^():]*)(?::\d+)?\)$")
# Leaf frames are charged to the first category whose pattern their file path matches.
CATEGORIES = [
    ("mongo driver (pymongo/bson)", ("pymongo/", "bson/")),
    ("amqp (aio-pika/aiormq/pamqp)", ("aio_pika/", "aiormq/", "pamqp/")),
    ("faststream", ("faststream/",)),
    ("pydantic", ("pydantic/", "pydantic_core/")),
    ("json", ("json/",)),
    ("opentelemetry", ("opentelemetry/",)),
    ("http server (uvicorn/starlette/fastapi)", ("uvicorn/", "starlette/", "fastapi/", "httptools/", "h11/")),
    ("classifier (sklearn/numpy/scipy)", ("sklearn/", "numpy/", "scipy/", "joblib/")),
    ("logging", ("logging/",)),
    ("http client (httpx/httpcore)", ("httpx/", "httpcore/")),
    ("anyio (thread-pool hops, streams)", ("anyio/",)),
    ("sqlite stand-in (nx/neosqlite/sqlite3)", ("nx_27017/", "neosqlite/", "sqlite3/", "nx27017/")),
    ("asyncio / event loop", ("asyncio/", "uvloop/", "selectors.py")),
    ("our code (services/shared)", ("services/", "shared/")),
]


# Leaf frames of threads that wait for work: py-spy's --nonblocking mode may still sample them.
IDLE_LEAVES = {("Condition.wait", "threading.py"), ("Event.wait", "threading.py"), ("Queue.get", "queue.py"),
               ("_worker", "concurrent/futures/thread.py"), ("select", "selectors.py"),
               ("EpollSelector.select", "selectors.py")}


def idle(frames: list[tuple[str, str]]) -> bool:
    if not frames:
        return True
    func, file = frames[-1]
    return any(func == f and file.endswith(fl) for f, fl in IDLE_LEAVES)


def below_loop(frames: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The frames run by the event loop (what sits above it — uvicorn.run, asyncio.run — is not work)."""
    last = -1
    for i, (_, file) in enumerate(frames):
        if file.endswith(("asyncio/runners.py", "asyncio/events.py", "asyncio/base_events.py")):
            last = i
    return frames[last + 1:]


def innermost(frames: list[tuple[str, str]]) -> str:
    """The library (or our code) whose own frame is closest to the leaf: the standard library a
    sample ends in (json, sockets, threading) is charged to whoever called it. Wrappers such as
    the OpenTelemetry ASGI middleware are not charged for the work they wrap."""
    for _, file in reversed(frames):
        if "site-packages/" in file or own(file):
            return category(file) if category(file) != "other" else _package(file)
    return "event loop and standard library"


def _package(file: str) -> str:
    rest = file.split("site-packages/", 1)[-1]
    return rest.split("/", 1)[0].removesuffix(".py") if "/" in rest else rest.removesuffix(".py")


def available() -> bool:
    return shutil.which("py-spy") is not None or (Path(sys.executable).parent / "py-spy").exists()


def _py_spy() -> str:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else "py-spy"


def is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/exe").resolve().name
    except OSError:
        return False


async def record(pids: dict[str, int], seconds: float, folder: Path) -> list[asyncio.subprocess.Process]:
    """Start one py-spy per Python process; they stop by themselves after `seconds`."""
    folder.mkdir(parents=True, exist_ok=True)
    spies = []
    for label, pid in pids.items():
        if not is_python(pid):
            continue
        spies.append(await asyncio.create_subprocess_exec(
            _py_spy(), "record", "--pid", str(pid), "--duration", str(max(1, int(seconds))),
            "--rate", str(RATE_HZ), "--format", "raw", "--nonblocking", "--full-filenames",
            "--output", str(folder / f"{label}.txt"), preexec_fn=normal_priority,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL))
    return spies


def parse(text: str) -> list[tuple[list[tuple[str, str]], int]]:
    """Raw (collapsed) stacks → [(frames root-first as (function, file)), samples)]."""
    stacks = []
    for line in text.splitlines():
        if not line.strip():
            continue
        path, _, count = line.rpartition(" ")
        frames = []
        for part in path.split(";"):
            m = FRAME.match(part)
            frames.append((m["func"], m["file"]) if m else (part, ""))
        stacks.append((frames, int(count)))
    return stacks


def category(file: str) -> str:
    for name, patterns in CATEGORIES:
        if any(p in file for p in patterns):
            return name
    return "other"


def own(file: str) -> bool:
    return "services/" in file or "shared/" in file


def _short(file: str) -> str:
    for marker in ("site-packages/", "services/", "shared/"):
        if marker in file:
            return file[file.index(marker) + (len(marker) if marker == "site-packages/" else 0):]
    return file.rsplit("/lib/python3", 1)[-1].split("/", 1)[-1] if "/lib/python3" in file else file


def summarise(stacks, applications: int, top: int = 12) -> dict:
    busy = [(frames, count) for frames, count in stacks if not idle(frames)]
    total = sum(c for _, c in busy)
    leaf: Counter[str] = Counter()
    leaf_fn: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    within: Counter[str] = Counter()
    for frames, count in busy:
        func, file = frames[-1]
        leaf[category(file)] += count
        leaf_fn[f"{_short(file)}:{func}"] += count
        within[innermost(below_loop(frames))] += count
        for func, file in {(f, fl) for f, fl in frames if own(fl) and not fl.endswith("__main__.py")}:
            inclusive[f"{_short(file)}:{func}"] += count

    def per_app(samples: int) -> float | None:
        return round(samples / RATE_HZ * 1000 / applications, 3) if applications else None

    def table(counter: Counter[str], n: int | None = None) -> dict:
        return {k: {"share": round(v / total, 3), "ms_per_app": per_app(v)} for k, v in counter.most_common(n)}

    return {"samples": total, "idle_samples": sum(c for _, c in stacks) - total,
            "active_s": round(total / RATE_HZ, 2), "ms_per_app": per_app(total),
            "by_library": table(leaf) if total else {},
            "top_self": table(leaf_fn, top) if total else {},
            "within_library": table(within) if total else {},
            "own_inclusive": table(inclusive, top) if total else {}}


def analyse(folder: Path, applications: int, cpu_ms_per_app: dict[str, float | None] | None = None) -> dict[str, dict]:
    """Summaries per process. With /proc CPU per application, ms figures are rescaled to it: on a
    busy machine py-spy also counts the time a runnable thread waits for a core."""
    out = {}
    for path in sorted(folder.glob("*.txt")):
        summary = summarise(parse(path.read_text(errors="replace")), applications)
        cpu = (cpu_ms_per_app or {}).get(path.stem)
        if cpu and summary["ms_per_app"]:
            summary = rescale(summary, cpu / summary["ms_per_app"])
            summary["ms_per_app"] = cpu
        out[path.stem] = summary
    return out


def rescale(summary: dict, factor: float) -> dict:
    scaled = dict(summary, scale=round(factor, 3))
    for table in ("by_library", "top_self", "within_library", "own_inclusive"):
        scaled[table] = {k: {**v, "ms_per_app": round(v["ms_per_app"] * factor, 3)} for k, v in summary[table].items()}
    return scaled


def markdown(result: dict[str, dict]) -> str:
    lines = []
    for label, s in result.items():
        scaled = f" (CPU from /proc; samples ×{s['scale']})" if "scale" in s else ""
        lines += [f"### {label}: {s['samples']} samples, {s['active_s']} s active, {s['ms_per_app']} ms/application"
                  f"{scaled}",
                  "", "| where (leaf frame) | share | ms/app |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['share']:.0%} | {v['ms_per_app']} |" for k, v in s["by_library"].items()]
        lines += ["", "| innermost library (stdlib charged to its caller) | share | ms/app |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['share']:.0%} | {v['ms_per_app']} |" for k, v in s["within_library"].items()]
        lines += ["", "| function (self) | share | ms/app |", "|---|---:|---:|"]
        lines += [f"| `{k}` | {v['share']:.0%} | {v['ms_per_app']} |" for k, v in s["top_self"].items()]
        lines += ["", "| our function (inclusive) | share | ms/app |", "|---|---:|---:|"]
        lines += [f"| `{k}` | {v['share']:.0%} | {v['ms_per_app']} |" for k, v in s["own_inclusive"].items()]
        lines.append("")
    return "\n".join(lines)
