"""Helpers for the security integration tests (no tests here): intake, routing, notify and events
in the test's loop on one private RabbitMQ vhost (each with its own database on the Mongo stand-in),
notify with recording providers."""

import asyncio
import uuid
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from services.events.main import create_app as events_app
from services.events.settings import EventsSettings
from services.intake.main import create_app as intake_app
from services.intake.settings import IntakeSettings
from services.notify.main import create_app as notify_app
from services.notify.settings import NotifySettings
from services.routing.main import create_app as routing_app
from services.routing.settings import RoutingSettings
from tests.support.apps import running_app
from tests.support.infra import RabbitVhost
from tests.unit.test_routing_fakes import fake_provider

ADMIN = {"X-API-Key": "dev-admin"}
STAFF = {"X-API-Key": "dev-staff"}
WEB = {"X-API-Key": "dev-web"}
PHONE, EMAIL, TCKN, NAME = "+905327651234", "Zeynep.Sec@Example.com", "10000000146", "Zeynep Güvenlik"


@dataclass
class RecordingProvider:
    channel: str
    sent: list[Any] = field(default_factory=list)

    async def send(self, delivery) -> str:
        self.sent.append(delivery)
        return f"{self.channel}-{len(self.sent)}"


@dataclass
class Stack:
    clients: dict[str, httpx.AsyncClient]
    apps: dict[str, Any]
    url: str
    providers: dict[str, RecordingProvider]

    def db(self, service: str):
        return self.apps[service].state.runtime.db


@asynccontextmanager
async def security_stack(mongo_url: str, tag: str, **intake_settings: Any):
    vhost = RabbitVhost(name=f"irtibat-sec-{tag}-{uuid.uuid4().hex[:6]}").create()
    suffix = uuid.uuid4().hex[:6]
    common = dict(irtibat_env="local", mongo_url=mongo_url, rabbit_url=vhost.url, retry_base_ms=50,
                  max_attempts=3, outbox_scan_interval_s=0.5, outbox_grace_s=1.0)
    providers = {"sms": RecordingProvider("sms"), "email": RecordingProvider("email"),
                 "webhook": RecordingProvider("webhook")}
    apps = {
        "intake": intake_app(IntakeSettings(**common, mongo_database=f"sec_{tag}_intake_{suffix}",
                                            **{"retention_interval_s": 0, **intake_settings})),
        "routing": routing_app(RoutingSettings(**common, mongo_database=f"sec_{tag}_routing_{suffix}",
                                               sla_scan_interval_s=3600, config_cache_s=0.0),
                               classifier=fake_provider()),
        "notify": notify_app(NotifySettings(**common, mongo_database=f"sec_{tag}_notify_{suffix}",
                                            quiet_start="00:00", quiet_end="00:00"), providers=providers),
        "events": events_app(EventsSettings(**common, mongo_database=f"sec_{tag}_events_{suffix}",
                                            scheduler_interval_s=3600)),
    }
    try:
        async with AsyncExitStack() as stack:
            clients = {name: await stack.enter_async_context(running_app(app)) for name, app in apps.items()}
            for app in apps.values():
                await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 120)
            yield Stack(clients, apps, vhost.url, providers)
    finally:
        vhost.delete()


def application(**overrides: Any) -> dict[str, Any]:
    body = {"kind": "complaint", "text": f"Sokak lambası yanmıyor, beni {PHONE} numarasından arayın.",
            "location": {"district": "Melikgazi", "neighbourhood": "Gültepe", "address": "Güvenlik Sk. No:7"},
            "citizen": {"name": NAME, "phone": PHONE, "email": EMAIL, "national_id": TCKN},
            "consent": {"kvkk_ack": True, "notify_sms": True, "notify_email": True, "department_contact": True}}
    body.update(overrides)
    return body


async def published_event(events: httpx.AsyncClient) -> tuple[str, str]:
    start = datetime.now(UTC) + timedelta(days=3)
    r = await events.post("/v1/events", headers=ADMIN, json={
        "type": "career_day", "title_tr": "Güvenlik Kariyer Günü", "organiser": "halkla-iliskiler",
        "roles": ["job_seeker"], "sessions": [{"start": start.isoformat(),
                                               "end": (start + timedelta(hours=2)).isoformat(), "capacity": 50}]})
    assert r.status_code == 201, r.text
    event = r.json()
    r = await events.post(f"/v1/events/{event['id']}/state", json={"state": "published"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    return event["id"], event["sessions"][0]["id"]
