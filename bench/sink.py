"""The departments' side: one consumer on every `dept.<code>` queue that notes when each work
item arrives (CLOCK_MONOTONIC, comparable with the load generator's answer times) and how long
after its `registered_at` it came. Queues are purged first and consumed throughout, so they
never grow."""

import asyncio
import base64
import json
import logging
import shutil
import subprocess
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

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
        """Messages in the pipeline's own queues, ready or being handled (0 everywhere = settled)."""
        quick = await self._declared_backlog()
        if any(quick.values()):
            return quick
        # A passive declare of a quorum queue counts only ready messages and was seen answering 0
        # while 413 were ready (and a consumer held 200 more). The management API (cheap, up to 5 s
        # stale) and then the queues themselves through rabbitmqctl (exact, ~0.5 s of CPU) must agree.
        managed = await asyncio.to_thread(self._managed_backlog)
        if managed and any(managed.values()):
            return managed
        exact = await asyncio.to_thread(self._listed_backlog)
        return quick if exact is None else exact

    def _managed_backlog(self) -> dict[str, int] | None:
        url = urlsplit(self.rabbit_url)
        vhost = quote(unquote(url.path.lstrip("/")) or "/", safe="")
        request = urllib.request.Request(f"http://{url.hostname or '127.0.0.1'}:15672/api/queues/{vhost}"
                                         "?columns=name,messages")
        token = base64.b64encode(f"{unquote(url.username or 'guest')}:{unquote(url.password or 'guest')}".encode())
        request.add_header("Authorization", f"Basic {token.decode()}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                rows = json.load(response)
        except (OSError, ValueError):
            return None
        counts = {row.get("name"): int(row.get("messages") or 0) for row in rows}
        return {name: counts.get(name, 0) for name in PIPELINE_QUEUES}

    async def _declared_backlog(self) -> dict[str, int]:
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

    def _listed_backlog(self) -> dict[str, int] | None:
        ctl = shutil.which("rabbitmqctl")
        if ctl is None:
            return None
        vhost = unquote(urlsplit(self.rabbit_url).path.lstrip("/")) or "/"
        try:
            out = subprocess.run([ctl, "list_queues", "-q", "-p", vhost, "name", "messages"], capture_output=True,
                                 text=True, timeout=30, check=True).stdout
        except (subprocess.SubprocessError, OSError):
            return None
        counts = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
        return {name: int(counts.get(name, "0") or 0) for name in PIPELINE_QUEUES}

    async def stop(self) -> None:
        if self._connection:
            await self._connection.close()
