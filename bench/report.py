"""The result: one JSON document (printed as ONE line) and a table for people."""

import os
import platform
import time
from datetime import UTC, datetime
from typing import Any

from bench import procs


def python_yardstick_ms() -> float:
    """How fast this machine runs Python: the best of five runs of a fixed one-million-step loop, in
    ms. Machines of the same kind differ (1.5-2x seen between sessions): figures from runs whose
    yardsticks differ much are not comparable; compare A/B runs made on one machine."""
    best = float("inf")
    for _ in range(5):
        started, total = time.perf_counter(), 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def ipc_yardstick_us(round_trips: int = 5000) -> float:
    """How fast this machine passes a message between two processes: the best of three runs of
    one-byte pipe round trips, in µs. The pipeline is mostly such hand-overs (sockets between six
    processes); a machine with a fast Python yardstick ran it at half the speed of an earlier one."""
    best = float("inf")
    for _ in range(3):
        from_parent, to_child = os.pipe()
        from_child, to_parent = os.pipe()
        pid = os.fork()
        if pid == 0:  # the echo: nothing but reads and writes until the pipe closes
            os.close(to_child), os.close(from_child)
            while os.read(from_parent, 1):
                os.write(to_parent, b"x")
            os._exit(0)
        os.close(from_parent), os.close(to_parent)
        started = time.perf_counter()
        for _ in range(round_trips):
            os.write(to_child, b"x")
            os.read(from_child, 1)
        best = min(best, (time.perf_counter() - started) / round_trips)
        os.close(to_child), os.close(from_child)
        os.waitpid(pid, 0)
    return round(best * 1e6, 1)


def _cpu_model() -> str:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def machine() -> dict[str, Any]:
    mem_kib = procs.parse_status_kib(open("/proc/meminfo").read(), "MemTotal")
    return {"host": platform.node(), "cores": os.cpu_count(), "memory_gib": round((mem_kib or 0) / 1024 ** 2, 1),
            "python": platform.python_version(), "kernel": platform.release(), "cpu": _cpu_model(),
            "python_yardstick_ms": python_yardstick_ms(), "ipc_yardstick_us": ipc_yardstick_us()}


def _by_role(phases: list[dict], role: str) -> list[dict]:
    return [p for p in phases if p["role"] == role]


def headline(phases: list[dict]) -> dict[str, Any]:
    counted = [p for p in phases if p["role"] != "warmup"]
    sustained = next(iter(_by_role(phases, "sustained")), None)
    saturation = next(iter(_by_role(phases, "saturation")), None)
    steps = {f"{p['offered_per_s']:g}": p for p in phases if p["role"] in ("step", "sustained")}
    peaks: dict[str, float] = {}
    for p in phases:
        for label, mib in p["peak_rss_mib"].items():
            if mib is not None:
                peaks[label] = max(peaks.get(label, 0.0), mib)
    out: dict[str, Any] = {
        "lost": sum(p["lost"] for p in phases),
        "doubled": sum(p["doubled"] for p in phases),
        "http_4xx": sum(p["statuses"]["4xx"] for p in counted),
        "http_5xx": sum(p["statuses"]["5xx"] for p in counted),
        "http_errors": sum(p["statuses"]["errors"] for p in counted),
        "error_kinds": _sum_counts(p.get("errors", {}) for p in counted),
        "http_ms": {rate: _pct(p["http_ms"]) for rate, p in steps.items()},
        "e2e_ms": {rate: _pct(p["e2e_ms"]) for rate, p in steps.items()},
        "peak_rss_mib": peaks,
        "generator_behind": [p["name"] for p in phases if p["generator"]["behind"]],
    }
    if sustained:
        out["sustained"] = {
            "offered_per_s": sustained["offered_per_s"], "duration_s": sustained["duration_s"],
            "accepted_per_s": sustained["accepted_per_s"], "delivered_per_s": sustained["delivered_per_s"],
            "lost": sustained["lost"], "drain_s": sustained["drain_s"],
            "held": sustained["lost"] == 0 and sustained["accepted"] >= 0.99 * sustained["sent"]
            and (sustained["drain_s"] or 0) <= 5.0 and not sustained["generator"]["behind"],
        }
        out["cpu_ms_per_app"] = sustained["cpu_ms_per_app"]
    if saturation:
        out["saturation"] = {"accepted_per_s": saturation["accepted_per_s"],
                             "delivered_per_s": saturation["delivered_per_s"],
                             "connections": saturation["connections"], "http_ms": _pct(saturation["http_ms"])}
    burst = next(iter(_by_role(phases, "burst")), None)
    if burst:
        out["burst"] = {"offered_per_s": burst["offered_per_s"], "accepted_per_s": burst["accepted_per_s"],
                        "delivered_per_s": burst["delivered_per_s"], "drain_s": burst["drain_s"],
                        "http_5xx": burst["statuses"]["5xx"], "lost": burst["lost"]}
    compare = _by_role(phases, "routing-compare")
    if compare:
        out["routing_copies"] = {p["name"]: p["delivered_per_s"] for p in compare}
    return out


def _sum_counts(counts) -> dict[str, int]:
    total: dict[str, int] = {}
    for c in counts:
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    return total


def _pct(s: dict) -> dict:
    return {k: s.get(k) for k in ("p50", "p95", "p99")}


def document(opts, phases: list[dict], notes: list[str], started: datetime,
             host: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"bench": "irtibat", "mode": opts.mode, "started_at": started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(), "machine": host or machine(),
            "options": {"rate": opts.rate, "duration": opts.sustained_duration,
                        "routing_copies": opts.routing_copies, "intake_copies": opts.intake_copies},
            "stack": notes, "headline": headline(phases), "phases": phases}


def _f(v, fmt="{:.1f}") -> str:
    return "-" if v is None else fmt.format(v)


def table(doc: dict[str, Any]) -> str:
    lines = [f"İrtibat bench ({doc['mode']}) on {doc['machine']['host']}: {doc['machine']['cores']} cores, "
             f"{doc['machine']['memory_gib']} GiB; {doc['started_at'][:19]}Z"
             + (f"; Python yardstick {doc['machine']['python_yardstick_ms']} ms (lower is faster)"
                if doc["machine"].get("python_yardstick_ms") else "")
             + (f"; process round trip {doc['machine']['ipc_yardstick_us']} µs"
                if doc["machine"].get("ipc_yardstick_us") else ""),
             *(f"  {n}" for n in doc["stack"]), ""]
    head = (f"{'phase':<16}{'offer/s':>8}{'acc/s':>8}{'dlv/s':>8}  {'http p50/p95/p99 ms':<22}"
            f"{'e2e p50/p95/p99 ms':<24}{'lost':>5}{'dup':>4}{'4xx':>5}{'5xx':>5}{'err':>5}"
            f"{'lag99':>7}{'drain':>7}{'other':>6}{'steal':>6}{'load1':>6}")
    lines += [head, "-" * len(head)]
    for p in doc["phases"]:
        h, e, s = p["http_ms"], p["e2e_ms"], p["statuses"]
        lines.append(
            f"{p['name']:<16}{_f(p['offered_per_s'], '{:.0f}'):>8}{_f(p['accepted_per_s']):>8}"
            f"{_f(p['delivered_per_s']):>8}  "
            f"{_f(h['p50']) + '/' + _f(h['p95']) + '/' + _f(h['p99']):<22}"
            f"{_f(e['p50']) + '/' + _f(e['p95']) + '/' + _f(e['p99']):<24}"
            f"{p['lost']:>5}{p['doubled']:>4}{s['4xx']:>5}{s['5xx']:>5}{s['errors']:>5}"
            f"{_f(p['generator']['lag_ms']['p99']):>7}{_f(p['drain_s']):>7}{_f(p['other_cpu_cores'], '{:.2f}'):>6}"
            f"{_f(p.get('stolen_cpu_cores'), '{:.2f}'):>6}"
            f"{p['loadavg_before'][0]:>6.2f}")
    lines += ["", "lost = accepted (201) but never in a department queue (the bench waits after its last phase "
              "while work items keep arriving); lag99 = load generator dispatch lag p99 (ms, >20 = behind "
              "schedule); drain = s from the last answer to the last arrival (routing-xN: the drain of the queued backlog, timed from routing's resumption); other = cores busy with "
              "processes outside the bench (other work on the machine); steal = cores the hypervisor gave to "
              "other guests while this one wanted them (the machine was slower by that much)", ""]
    labels = sorted({k for p in doc["phases"] for k in p["cpu_ms_per_app"]})
    shown = [p for p in doc["phases"] if p["role"] != "warmup"]
    head = f"{'CPU ms/application':<20}" + "".join(
        f"{p['name'][:11] + ('' if p.get('settled', True) else '*'):>13}" for p in shown) + f"{'peak MiB':>10}"
    lines += [head, "-" * len(head)]
    peaks = doc["headline"]["peak_rss_mib"]
    for label in labels:
        lines.append(f"{label:<20}" + "".join(f"{_f(p['cpu_ms_per_app'].get(label), '{:.2f}'):>13}" for p in shown)
                     + f"{_f(peaks.get(label)):>10}")
    lines.append(f"{'total':<20}" + "".join(
        f"{sum(v for v in p['cpu_ms_per_app'].values() if v):>13.2f}" for p in shown))
    if any(not p.get("settled", True) for p in shown):
        lines.append("* the pipeline had not finished this phase's work when it was measured: its CPU per "
                     "application is understated (and the next phase's overstated)")
    ops_phase = next((p for p in doc["phases"] if p["role"] == "sustained" and p.get("mongo_ops_per_app")), None)
    if ops_phase:
        lines += ["", f"MongoDB commands per application ({ops_phase['name']}): commands (documents)"]
        for app, ops in ops_phase["mongo_ops_per_app"].items():
            total = sum(n for n, _ in ops.values())
            lines.append(f"  {app}: {total:.2f} commands/application")
            for what, (n, d) in sorted(ops.items(), key=lambda kv: -kv[1][0]):
                lines.append(f"    {what:<44}{n:>7.2f} ({d:.2f})")
    hl = doc["headline"]
    lines.append("")
    if "sustained" in hl:
        s = hl["sustained"]
        lines.append(f"sustained {s['offered_per_s']:g}/s for {s['duration_s']:g}s: accepted {s['accepted_per_s']}/s, "
                     f"delivered {s['delivered_per_s']}/s, lost {s['lost']}: {'HELD' if s['held'] else 'NOT HELD'}")
    if "saturation" in hl:
        lines.append(f"saturation ({hl['saturation']['connections']} connections): accepted "
                     f"{hl['saturation']['accepted_per_s']}/s, delivered {hl['saturation']['delivered_per_s']}/s")
    if "routing_copies" in hl:
        lines.append("routing throughput by copies (delivered/s): " +
                     ", ".join(f"{k} {v}" for k, v in hl["routing_copies"].items()))
    lines.append(f"lost {hl['lost']}, doubled {hl['doubled']}, 4xx {hl['http_4xx']}, 5xx {hl['http_5xx']}, "
                 f"transport errors {hl['http_errors']} {hl['error_kinds'] or ''}; "
                 f"generator behind in: {hl['generator_behind'] or 'none'}")
    return "\n".join(lines)
