"""Helpers for the routing integration tests (no tests here): start routing in the test's loop,
publish applications and catalogues into the private vhost, watch queues."""

import asyncio
import json
import time
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aio_pika

from services.routing.main import create_app
from services.routing.settings import RoutingSettings
from shared import topology
from shared.contracts.envelope import envelope
from shared.contracts.intake import CatalogueChanged, RequestRegistered
from shared.messaging import exchange
from tests.support.apps import running_app
from tests.support.waiting import eventually
from tests.unit.test_routing_fakes import fake_provider

CATALOGUE = [
    {"code": "cop-toplama", "name_tr": "Çöp toplama", "group": "temizlik", "department": "cevre",
     "sla": {"amount": 3, "unit": "calendar_days"}},
    {"code": "su-ariza", "name_tr": "Su arızası", "group": "altyapi", "department": "kaski",
     "sla": {"amount": 24, "unit": "hours"}},
    {"code": "yol-bakim", "name_tr": "Yol bakımı", "group": "altyapi", "department": "fen-isleri",
     "sla": {"amount": 10, "unit": "working_days"}},
]


def settings(rabbit_url: str, mongo_url: str, database: str, **overrides: Any) -> RoutingSettings:
    values = dict(rabbit_url=rabbit_url, mongo_url=mongo_url, mongo_database=database, irtibat_env="local",
                  outbox_scan_interval_s=0.5, outbox_grace_s=1.0, retry_base_ms=50, retry_max_ms=200,
                  max_attempts=3, sla_scan_interval_s=3600, config_cache_s=0.0)
    values.update(overrides)
    return RoutingSettings(**values)


@asynccontextmanager
async def routing(rabbit_url: str, mongo_url: str, database: str, **overrides: Any):
    app = create_app(settings(rabbit_url, mongo_url, database, **overrides), classifier=fake_provider())
    async with running_app(app) as client:
        await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 30)
        yield app, client


def tracking_no() -> str:
    return f"153-2026-{uuid.uuid4().int % 10**9:09d}"


def registered(text: str, *, tn: str | None = None, **fields: Any) -> RequestRegistered:
    body = {"tracking_no": tn or tracking_no(), "kind": "complaint", "text": text, "channel": "phone",
            "registered_at": datetime.now(UTC), **fields}
    return RequestRegistered.model_validate(body)


async def publish(url: str, payload, *, routing_key: str | None = None, message_id: str | None = None) -> str:
    msg = envelope(payload, producer="test", correlation_id=getattr(payload, "tracking_no", None),
                   routing_key=routing_key, message_id=message_id)
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel(publisher_confirms=True)
        ex = await ch.get_exchange(exchange(msg.exchange).name, ensure=False)
        await ex.publish(aio_pika.Message(msg.body.encode(), message_id=msg.message_id,
                                          correlation_id=msg.correlation_id, type=msg.type,
                                          content_type="application/json", headers=msg.headers(),
                                          delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                         routing_key=msg.routing_key, mandatory=True)
    return msg.message_id


async def publish_catalogue(url: str, version: int = 1, services: list[dict] | None = None) -> None:
    await publish(url, CatalogueChanged(version=version, services=services or CATALOGUE, changed_at=datetime.now(UTC)))


def fresh_version() -> int:
    """Newer than any catalogue an earlier test of the module (intake's counters) left in its vhost."""
    return int(time.time() * 1000)


async def load_catalogue(url: str, app) -> int:
    """Publish this module's catalogue and wait until routing holds it (or something newer)."""
    version = fresh_version()
    await publish_catalogue(url, version)

    async def held():
        return (await app.state.routing.config.catalogue()).version >= version

    await eventually(held)
    return version


class Watch:
    """Reads queues of the private vhost; keeps what it saw (once per message id) so tests can filter
    by tracking number."""

    def __init__(self, url: str, keys: tuple[str, ...] = ("case.#",)):
        self.url, self.keys = url, keys
        self.seen: dict[str, list[dict]] = {}

    async def __aenter__(self) -> "Watch":
        self.conn = await aio_pika.connect(self.url)
        self.channel = await self.conn.channel()
        self.events = await self.channel.declare_queue(exclusive=True, auto_delete=True)
        for key in self.keys:
            await self.events.bind(topology.EVENTS, routing_key=key)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.conn.close()

    async def _drain(self, name: str) -> list[dict]:
        queue = self.events if name == "events" else await self.channel.get_queue(name, ensure=False)
        box = self.seen.setdefault(name, [])
        while (msg := await queue.get(fail=False, no_ack=True)) is not None:
            if any(m["message_id"] == msg.message_id for m in box):
                continue  # the outbox sends at least once; consumers dedupe by message id
            box.append({"type": msg.type, "routing_key": msg.routing_key, "headers": dict(msg.headers or {}),
                        "message_id": msg.message_id, "correlation_id": msg.correlation_id,
                        "body": json.loads(msg.body)})
        return box

    async def messages(self, name: str, tn: str, mtype: str | None = None) -> list[dict]:
        """Messages about `tn` (a tracking number, or the correlation id of other messages)."""
        return [m for m in await self._drain(name)
                if tn in (m["body"].get("tracking_no"), m["correlation_id"]) and (mtype is None or m["type"] == mtype)]

    async def wait_for(self, name: str, tn: str, mtype: str | None = None, *, count: int = 1,
                       timeout: float = 15.0) -> list[dict]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = await self.messages(name, tn, mtype)
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{count} x {mtype or 'message'} for {tn} not in {name} after {timeout}s; "
                                     f"saw {found}")
            await asyncio.sleep(0.05)
