"""The departments' side: one consumer on every `dept.<code>` queue that notes when each work
item arrives (CLOCK_MONOTONIC, comparable with the load generator's answer times) and how long
after its `registered_at` it came. Queues are purged first and consumed throughout, so they
never grow."""

import json
import logging
import time
from collections import defaultdict
from datetime import datetime

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from shared import topology

log = logging.getLogger("bench.sink")

# The service queues whose backlog must be empty before a phase counts as settled.
PIPELINE_QUEUES = ("routing.request-registered", "notify.applications",
                   "intake.case-events")


class DepartmentSink:
    def __init__(self, rabbit_url: str):
        self.rabbit_url = rabbit_url
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.since_registered: dict[str, float] = {}
        self.by_department: dict[str, int] = defaultdict(int)
        self.unparsable = 0
        self.received = 0
        self._connection: aio_pika.abc.AbstractRobustConnection | None = None
        self._channel: aio_pika.abc.AbstractChannel | None = None

    async def start(self) -> int:
        """Connect, purge every department queue (returns how many were purged) and consume."""
        self._connection = await aio_pika.connect_robust(self.rabbit_url)
        self._channel = await self._connection.channel()
        await topology.declare_topology(self._channel)
        purged = 0
        for q in topology.DEPARTMENT_QUEUES:
            queue = await self._channel.declare_queue(q.name, passive=True)
            result = await queue.purge()
            purged += getattr(result, "message_count", 0) or 0
            await queue.consume(self._on_message, no_ack=True)
        return purged

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        now = time.monotonic()
        self.received += 1
        try:
            body = json.loads(message.body)
            tracking_no = body["tracking_no"]
        except (ValueError, KeyError, TypeError):
            self.unparsable += 1
            return
        self.arrivals[tracking_no].append(now)
        self.by_department[body.get("department") or "?"] += 1
        registered = body.get("registered_at")
        if registered and tracking_no not in self.since_registered:
            try:
                self.since_registered[tracking_no] = time.time() - datetime.fromisoformat(registered).timestamp()
            except ValueError:
                pass

    def missing(self, tracking_nos) -> list[str]:
        return [t for t in tracking_nos if t not in self.arrivals]

    async def backlog(self) -> dict[str, int]:
        """Ready messages waiting in the pipeline's own queues (0 everywhere = settled)."""
        out = {}
        assert self._channel is not None
        for name in PIPELINE_QUEUES:
            try:
                # robust=False: a robust channel answers a repeated passive declare from its cache.
                queue = await self._channel.declare_queue(name, passive=True, robust=False)
                out[name] = queue.declaration_result.message_count or 0
            except aio_pika.exceptions.ChannelClosed:
                self._channel = await self._connection.channel()
        return out

    async def stop(self) -> None:
        if self._connection:
            await self._connection.close()
