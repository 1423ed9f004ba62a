"""The load generator, run in its own process: `python -m bench.loadgen CONFIG.json OUT.json`.

Open loop: request i is due at start + i/rate whatever happened to earlier requests, and its
latency is measured from that due time, so queueing in the client (a full connection pool) or in
the server counts (no coordinated omission). Dispatch lag (due → actually handed to the client)
shows whether the generator itself kept to its schedule. Closed loop: `connections` clients send
back to back for `duration` seconds, which finds the saturation throughput.
Times are CLOCK_MONOTONIC, the same clock in every process, so the department-queue consumer can
match arrivals with answers.
"""

import asyncio
import json
import os
import resource
import sys
import time
import uuid

import aiohttp

from bench.payloads import Prepared, prepare

DEFAULT_TIMEOUT_S = 30.0


class Generator:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.urls = [u.rstrip("/") + "/v1/requests" for u in cfg["urls"]]
        self.records: list[list] = []
        self.inflight = 0
        self.max_inflight = 0

    async def one(self, session: aiohttp.ClientSession, i: int, due: float, item: Prepared) -> None:
        start = time.monotonic()
        self.inflight += 1
        self.max_inflight = max(self.max_inflight, self.inflight)
        status, tracking_no, error = 0, None, None
        try:
            async with session.post(self.urls[i % len(self.urls)], data=item.body,
                                    headers={"X-API-Key": item.api_key, "Content-Type": "application/json",
                                             "Idempotency-Key": str(uuid.uuid4())}) as resp:
                status = resp.status
                raw = await resp.read()
                if status == 201:
                    tracking_no = json.loads(raw).get("tracking_no")
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, OSError) as exc:
            error = type(exc).__name__
        done = time.monotonic()
        self.inflight -= 1
        self.records.append([i, due, start - due, done - due, status, tracking_no, done, error])

    async def warm(self, session: aiohttp.ClientSession) -> None:
        """One request per target before the clock starts: the client's first request imports and
        sets up enough to stall the loop for tens of milliseconds, which is not the server's doing."""
        for url in self.urls:
            try:
                async with session.get(url.removesuffix("/v1/requests") + "/health/live") as resp:
                    await resp.read()
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                pass

    async def open_loop(self, session: aiohttp.ClientSession, items: list[Prepared]) -> float:
        rate, n = self.cfg["rate"], len(items)
        t0 = time.monotonic() + 0.05
        tasks, i = [], 0
        while i < n:
            now = time.monotonic()
            while i < n and t0 + i / rate <= now:
                tasks.append(asyncio.create_task(self.one(session, i, t0 + i / rate, items[i])))
                i += 1
            if i < n:
                await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
        await asyncio.gather(*tasks)
        return t0

    async def closed_loop(self, session: aiohttp.ClientSession, items: list[Prepared]) -> float:
        t0 = time.monotonic()
        deadline = t0 + self.cfg["duration"]
        counter = iter(range(len(items)))

        async def client() -> None:
            for i in counter:
                now = time.monotonic()
                if now >= deadline:
                    return
                await self.one(session, i, now, items[i])

        await asyncio.gather(*(client() for _ in range(self.cfg["connections"])))
        return t0

    async def run(self) -> dict:
        cfg = self.cfg
        closed = cfg["kind"] == "closed"
        # Closed loop: enough bodies for 2,000/s, far above what the pipeline takes here.
        count = int(cfg["duration"] * (2000 if closed else cfg["rate"]))
        items = prepare(count, cfg.get("seed", 153))
        connector = aiohttp.TCPConnector(limit=cfg["connections"], limit_per_host=0, keepalive_timeout=60)
        timeout = aiohttp.ClientTimeout(total=cfg.get("timeout_s", DEFAULT_TIMEOUT_S))
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            await self.warm(session)
            t0 = await (self.closed_loop(session, items) if closed else self.open_loop(session, items))
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        return {"t0": t0, "records": self.records, "cpu_s": round(cpu, 3), "max_inflight": self.max_inflight,
                "nice": os.getpriority(os.PRIO_PROCESS, 0),
                "max_rss_mib": round(cpu1.ru_maxrss / 1024, 1)}


def main() -> None:
    cfg = json.loads(open(sys.argv[1], encoding="utf-8").read())
    try:
        from uvloop import run
    except ImportError:
        from asyncio import run
    result = run(Generator(cfg).run())
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
