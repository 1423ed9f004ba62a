"""Run the skeleton pipeline at saturation and print what it reaches on this machine:

    python -m bench.skeleton [--shape two-hop|design|all] [--batched] [--connections 32] [--duration 10]

For each shape: start its processes, warm up at 50/s, then send with `connections` clients back to
back for `duration` seconds (the bench's load generator, in its own process) and wait until every
accepted application's work item is in the sink's queue and every hop's queue is empty. The rate
is applications over that whole time; CPU per application is charged to each process, RabbitMQ
and the stand-in included. --batched sends the writes through `shared.batching`, as the services
do. Uses the local RabbitMQ and stand-in (started if they are not up), or
$RABBIT_URL and $MONGO_URL.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aio_pika
from pymongo import AsyncMongoClient

from bench import procs
from bench.options import Phase
from bench.runner import cpu_snapshot, generate
from bench.skeleton.shapes import EXCHANGE, SHAPES, SINK_QUEUE, WORK, Shape
from bench.stack import free_port
from tools import localstack

ROOT = Path(__file__).resolve().parents[2]
QUORUM = {"x-queue-type": "quorum"}
SEED = 153


async def declare(url: str, shape: Shape) -> None:
    """The exchange and the shape's quorum queues, bound and emptied."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        bindings = [(hop.queue, hop.binds) for hop in shape.hops()] + [(SINK_QUEUE, (WORK,))]
        for name, keys in bindings:
            queue = await channel.declare_queue(name, durable=True, arguments=QUORUM)
            await queue.purge()
            for key in keys:
                await queue.bind(exchange, key)


async def remove(url: str, shape: Shape) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for name in [hop.queue for hop in shape.hops()] + [SINK_QUEUE]:
            await channel.queue_delete(name)


class Sink:
    """The departments' side: notes when each work item arrives, and tells how many messages still
    wait in the hops' queues (on its own connection, not a new one per look)."""

    def __init__(self, url: str):
        self.url, self.arrivals = url, {}
        self._connection = None
        self._channel = None

    async def start(self) -> None:
        self._connection = await aio_pika.connect(self.url)
        self._channel = await self._connection.channel()
        await self._channel.set_qos(prefetch_count=500)
        queue = await self._channel.declare_queue(SINK_QUEUE, passive=True)
        await queue.consume(self._on_message, no_ack=True)

    async def backlog(self, shape: Shape) -> int:
        """Messages waiting or unacknowledged in the hops' queues."""
        total = 0
        for hop in shape.hops():
            queue = await self._channel.declare_queue(hop.queue, passive=True)
            total += queue.declaration_result.message_count
        return total

    async def _on_message(self, message) -> None:
        self.arrivals.setdefault(json.loads(message.body)["tracking_no"], time.monotonic())

    async def stop(self) -> None:
        if self._connection is not None:
            await self._connection.close()


@dataclass
class Processes:
    shape: Shape
    env: dict[str, str]
    running: dict[str, tuple[subprocess.Popen, int]] = field(default_factory=dict)

    def start(self, timeout: float = 60.0) -> None:
        for role in self.shape.processes:
            port = free_port()
            # A file, not a pipe: a pipe nobody reads would stop a process that logs a lot.
            with open(self._log(role), "wb") as log:
                proc = subprocess.Popen([sys.executable, "-m", "bench.skeleton.node", self.shape.name, role],
                                        cwd=ROOT, env={**os.environ, **self.env, "PORT": str(port)},
                                        start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
            self.running[role] = (proc, port)
        deadline = time.monotonic() + timeout
        for role, (proc, port) in self.running.items():
            while not localstack.ready(port):
                if proc.poll() is not None:
                    output = self._log(role).read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"skeleton {role} exited: {output}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"skeleton {role} not ready after {timeout} s")
                time.sleep(0.1)

    def _log(self, role: str) -> Path:
        return Path(tempfile.gettempdir()) / f"irtibat-skeleton-{self.shape.name}-{role}-{os.getpid()}.log"

    def url(self) -> str:
        return f"http://127.0.0.1:{self.running['entry'][1]}"

    def pids(self) -> dict[str, int]:
        return {role: proc.pid for role, (proc, _) in self.running.items()}

    def stop(self) -> None:
        for proc, _ in self.running.values():
            proc.terminate()
        for proc, _ in self.running.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for role in self.running:
            self._log(role).unlink(missing_ok=True)


def infrastructure_pids(mongo_url: str) -> dict[str, int]:
    found = {}
    mongo = procs.pid_listening(urlsplit(mongo_url).port or 27017)
    if mongo:
        found["mongo"] = mongo
    rabbit = procs.find_by_comm("beam.smp", "rabbit")
    if rabbit:
        found["rabbitmq"] = rabbit[0]
    return found


async def wait_done(sink: Sink, accepted: list[str], shape: Shape, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(t in sink.arrivals for t in accepted) and await sink.backlog(shape) == 0:
            return True
        await asyncio.sleep(0.1)
    return False


async def run_shape(shape: Shape, rabbit_url: str, mongo_url: str, database: str, *, connections: int,
                    duration: float, batched: bool = False, timeout: float = 120.0) -> dict:
    mongo = AsyncMongoClient(mongo_url)
    await mongo.drop_database(database)
    await declare(rabbit_url, shape)
    processes = Processes(shape, {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "MONGO_DATABASE": database,
                                  "SKELETON_BATCHED": "1" if batched else "0"})
    sink = Sink(rabbit_url)
    try:
        processes.start()
        await sink.start()
        warm = await generate(Phase("warmup", "warmup", "open", 2.0, rate=50.0), [processes.url()], SEED)
        await wait_done(sink, [r[5] for r in warm["records"] if r[4] == 201], shape, timeout)
        pids = {**processes.pids(), **infrastructure_pids(mongo_url)}
        cpu0 = cpu_snapshot(pids)
        gen = await generate(Phase("saturation", "saturation", "closed", duration, connections=connections),
                             [processes.url()], SEED + 1)
        accepted = [r[5] for r in gen["records"] if r[4] == 201]
        finished = await wait_done(sink, accepted, shape, timeout)
        done = time.monotonic()
        cpu1 = cpu_snapshot(pids)
        cpu1["loadgen"], cpu0["loadgen"] = gen["cpu_s"], 0.0
        arrived = [sink.arrivals[t] for t in accepted if t in sink.arrivals]
        elapsed = (max(arrived) if arrived else done) - gen["t0"]
        n = max(len(accepted), 1)
        cpu = {label: round((cpu1[label] - cpu0[label]) * 1000 / n, 2) for label in cpu1 if label in cpu0}
        stored = {name: await mongo[database][name].count_documents({})
                  for name in sorted(await mongo[database].list_collection_names())}
        updated = await mongo[database]["applications"].count_documents({"status": {"$ne": "registered"}})
        return {"shape": shape.name, "summary": shape.summary, "batched": batched, "connections": connections,
                "duration_s": duration,
                "deliveries_per_application": shape.deliveries_per_application(),
                "writes_per_application": shape.writes_per_application(),
                "sent": len(gen["records"]), "accepted": len(accepted), "lost": len(accepted) - len(arrived),
                "finished": finished, "stored": stored, "updated": updated, "elapsed_s": round(elapsed, 2),
                "applications_per_s": round(len(arrived) / elapsed, 1) if elapsed > 0 else 0.0,
                "cpu_ms_per_app": cpu, "cpu_ms_per_app_total": round(sum(cpu.values()), 2)}
    finally:
        await sink.stop()
        processes.stop()
        await remove(rabbit_url, shape)
        await mongo.drop_database(database)
        await mongo.close()


def table(results: list[dict]) -> str:
    labels = sorted({label for r in results for label in r["cpu_ms_per_app"]})
    lines = [f"{'shape':18} {'deliv/app':>9} {'writes/app':>10} {'app/s':>7} {'lost':>5}  "
             + " ".join(f"{label:>9}" for label in labels) + f" {'total ms':>9}"]
    for r in results:
        name = r["shape"] + (" batched" if r["batched"] else "")
        lines.append(f"{name:18} {r['deliveries_per_application']:>9} {r['writes_per_application']:>10} "
                     f"{r['applications_per_s']:>7} {r['lost']:>5}  "
                     + " ".join(f"{r['cpu_ms_per_app'].get(label, 0):>9.2f}" for label in labels)
                     + f" {r['cpu_ms_per_app_total']:>9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.skeleton", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=[*SHAPES, "all"], default="all")
    parser.add_argument("--batched", action="store_true", help="writes through shared.batching, as the services")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args(argv)
    rabbit_url, mongo_url = os.environ.get("RABBIT_URL"), os.environ.get("MONGO_URL")
    if not rabbit_url or not mongo_url:
        localstack.ensure_rabbit()
        localstack.ensure_mongo()
        rabbit_url = rabbit_url or "amqp://guest:guest@127.0.0.1:5672/"
        mongo_url = mongo_url or f"mongodb://127.0.0.1:{localstack.MONGO_PORT}"
    shapes = list(SHAPES.values()) if args.shape == "all" else [SHAPES[args.shape]]
    results = []
    for shape in shapes:
        print(f"· {shape.name}: {shape.summary}", flush=True)
        results.append(asyncio.run(run_shape(shape, rabbit_url, mongo_url, "skeleton",
                                             connections=args.connections, duration=args.duration,
                                             batched=args.batched)))
    print(f"skeleton pipeline, {os.cpu_count()} cores, {args.connections} connections for {args.duration:g} s "
          "(app/s: applications from the first request to the last work item; CPU in ms per application)")
    print(table(results))
    print(json.dumps({"bench": "irtibat-skeleton", "results": results}))


if __name__ == "__main__":
    main()
