"""Percentiles and summaries (pure). Latencies are kept in seconds and reported in milliseconds."""

import math
from collections.abc import Iterable, Sequence

PERCENTILES = (50.0, 95.0, 99.0)


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values: the smallest value with at least p % of
    the values at or below it (what HdrHistogram and most load tools report)."""
    if not sorted_values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile out of range: {p}")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(values_s: Iterable[float]) -> dict[str, float | int | None]:
    """n, p50, p95, p99, max and mean in milliseconds (None when there are no values)."""
    ordered = sorted(values_s)
    out: dict[str, float | int | None] = {"n": len(ordered)}
    for p in PERCENTILES:
        v = percentile(ordered, p)
        out[f"p{p:g}"] = None if v is None else round(v * 1000, 2)
    out["max"] = round(ordered[-1] * 1000, 2) if ordered else None
    out["mean"] = round(sum(ordered) / len(ordered) * 1000, 2) if ordered else None
    return out


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def status_counts(statuses: Iterable[int]) -> dict[str, int]:
    """2xx/4xx/5xx and transport errors (status 0: refused, reset or timed out)."""
    counts = {"2xx": 0, "4xx": 0, "5xx": 0, "errors": 0, "other": 0}
    for s in statuses:
        if 200 <= s < 300:
            counts["2xx"] += 1
        elif 400 <= s < 500:
            counts["4xx"] += 1
        elif s >= 500:
            counts["5xx"] += 1
        elif s == 0:
            counts["errors"] += 1
        else:
            counts["other"] += 1
    return counts


def deliveries(accepted: dict[str, float], arrivals: dict[str, list[float]]) -> dict[str, object]:
    """Match accepted tracking numbers (answer time) with their arrivals in department queues.

    Returns the end-to-end latencies (first arrival minus HTTP answer), the lost numbers (never
    arrived), how many arrived more than once (`doubled`, extra copies counted) and the time of
    the last arrival."""
    e2e: list[float] = []
    lost: list[str] = []
    doubled = 0
    last = None
    for tracking_no, answered in accepted.items():
        seen = arrivals.get(tracking_no)
        if not seen:
            lost.append(tracking_no)
            continue
        e2e.append(seen[0] - answered)
        doubled += len(seen) - 1
        last = max(seen[0], last) if last is not None else seen[0]
    return {"e2e": e2e, "lost": lost, "doubled": doubled, "last_arrival": last}


def cpu_ms_per_app(before: dict[str, float], after: dict[str, float], applications: int) -> dict[str, float | None]:
    """CPU seconds spent by each process between two snapshots, per application, in ms."""
    out: dict[str, float | None] = {}
    for name, end in after.items():
        start = before.get(name)
        if start is None or applications <= 0:
            out[name] = None
        else:
            out[name] = round((end - start) * 1000 / applications, 3)
    return out
