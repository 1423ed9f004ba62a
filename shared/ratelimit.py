"""In-process token buckets: per API key, per client address, per tracking number."""

import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, per_minute: float, burst: float | None = None, max_keys: int = 100_000):
        self.rate = per_minute / 60.0
        self.burst = burst if burst is not None else max(1.0, per_minute)
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def hit(self, key: str, *, per_minute: float | None = None, cost: float = 1.0) -> float:
        """Take `cost` tokens; returns 0 when allowed, else the seconds to wait (Retry-After)."""
        rate = (per_minute / 60.0) if per_minute else self.rate
        burst = max(1.0, per_minute) if per_minute else self.burst
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._buckets.clear()  # crude bound on memory; limits restart from full buckets
            bucket = self._buckets[key] = _Bucket(burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return 0.0
        return (cost - bucket.tokens) / rate
