"""Helpers for intake's integration tests (no tests here): the app in-process on its own vhost and
database, a test queue bound to irtibat.events; `eventually` (polling with a deadline) for its tests."""

import asyncio
import json
import uuid
from contextlib import asynccontextmanager
from typing import Any

import aio_pika

from services.intake.main import create_app
from services.intake.settings import IntakeSettings
from tests.support.apps import running_app
from tests.support.infra import RabbitVhost
from tests.support.waiting import eventually

CHANNEL = {"X-API-Key": "dev-web"}
ADMIN = {"X-API-Key": "dev-admin"}
STAFF = {"X-API-Key": "dev-staff"}


def application(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "complaint",
        "text": "Talas Mevlana mahallesinde iki gündür su yok, bana 0532 123 45 67 numarasından ulaşın.",
        "service_code": "su-kesintisi",
        "attributes": {"kac_gundur": 2},
        "location": {"district": "talas", "neighbourhood": "Mevlana", "address": "Örnek Sk. 3",
                     "lat": 38.69, "lon": 35.55},
        "citizen": {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67", "email": "ayse@example.com",
                    "national_id": "10000000146"},
        "consent": {"kvkk_ack": True, "notify_sms": True},
        "media_urls": ["https://example.com/foto.jpg"],
    }
    body.update(overrides)
    return body


class Inbox:
    """An exclusive test queue bound to irtibat.events."""

    def __init__(self, url: str, *keys: str):
        self.url, self.keys = url, keys or ("#",)
        self.messages: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def __aenter__(self) -> "Inbox":
        self.connection = await aio_pika.connect(self.url)
        self.channel = await self.connection.channel()
        queue = await self.channel.declare_queue(exclusive=True, auto_delete=True)
        for key in self.keys:
            await queue.bind("irtibat.events", routing_key=key)
        await queue.consume(self._on_message, no_ack=True)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.connection.close()

    async def _on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        self.messages.append(message)

    def of(self, mtype: str) -> list[dict[str, Any]]:
        return [json.loads(m.body) for m in self.messages if m.type == mtype]

    async def wait_for(self, mtype: str, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
        async def enough() -> list[dict[str, Any]] | None:
            found = self.of(mtype)
            return found if len(found) >= count else None

        return await eventually(enough, timeout, f"{count} {mtype} message(s)")


@asynccontextmanager
async def intake_app(mongo_url: str, **settings: Any):
    """Intake in-process with its own RabbitMQ vhost and database: (client, app, amqp url)."""
    vhost = RabbitVhost(name=f"irtibat-intake-{uuid.uuid4().hex[:8]}").create()
    try:
        config = IntakeSettings(irtibat_env="local", mongo_url=mongo_url, rabbit_url=vhost.url,
                                mongo_database=f"intake_{uuid.uuid4().hex[:8]}", retry_base_ms=50, max_attempts=3, **settings)
        app = create_app(config)
        async with running_app(app) as client:
            runtime = app.state.runtime
            await asyncio.wait_for(runtime.broker_connected.wait(), 30)
            yield client, app, vhost.url
    finally:
        vhost.delete()
