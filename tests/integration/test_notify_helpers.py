"""Helpers for the notify integration tests (no tests here): the real SMTP server (aiosmtpd) and
HTTP SMS gateway on free ports in temporary folders, a webhook receiver, a settable clock, notify
in the test's loop, publishing contract messages into the private vhost, watching notify's output."""

import asyncio
import json
import tempfile
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import logging

import aio_pika
import uvicorn
from fastapi import FastAPI, Request

from services.notify.devtools.sms_gateway import GatewayState, create_sms_app
from services.notify.devtools.smtp import MailFolder, start_smtp
from services.notify.main import create_app
from services.notify.settings import NotifySettings
from shared import topology
from shared.contracts.common import Contract
from shared.contracts.envelope import envelope
from shared.messaging import exchange
from tests.support.apps import running_app
from tests.support.infra import free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)
ISTANBUL = ZoneInfo("Europe/Istanbul")
ADMIN = {"X-API-Key": "dev-admin"}
TOKEN = "test-sms-token"
WEBHOOK_SECRET = "test-webhook-secret"


class FakeClock:
    def __init__(self, now: datetime):
        self.current = now

    def now(self) -> datetime:
        return self.current

    def set_local(self, year: int, month: int, day: int, hour: int, minute: int = 0) -> None:
        self.current = datetime(year, month, day, hour, minute, tzinfo=ISTANBUL).astimezone(UTC)


async def until(predicate, timeout: float = 15.0, what: str = "condition"):
    """Poll an async predicate until it returns something truthy; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await predicate()
        if result:
            return result
        await asyncio.sleep(0.05)
    raise AssertionError(f"{what} not reached within {timeout}s")


async def serve_http(app: FastAPI, port: int) -> tuple[uvicorn.Server, asyncio.Task]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    task = asyncio.create_task(server.serve())
    await until(lambda: asyncio.sleep(0, result=server.started), 10, "HTTP server start")
    return server, task


def webhook_receiver() -> tuple[FastAPI, list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []
    app = FastAPI()

    @app.post("/hooks/{name}")
    async def hook(name: str, request: Request) -> dict[str, str]:
        received.append({"name": name, "headers": dict(request.headers), "body": await request.body()})
        return {"ok": "yes"}

    return app, received


@dataclass
class NotifyEnv:
    app: FastAPI
    client: Any
    clock: FakeClock
    mail: MailFolder
    sms: GatewayState
    hooks: list[dict[str, Any]]
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    rabbit_url: str = ""

    @property
    def store(self):
        return self.app.state.notify["store"]

    def sms_to(self, phone: str) -> list[dict[str, Any]]:
        return [m for m in self.sms.received() if m["to"] == phone]

    def mail_to(self, address: str) -> list[Any]:
        return [m for m in self.mail.messages() if m["To"] == address]

    def outcomes_for(self, correlation_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.outcomes
                if o["correlation_id"] == correlation_id and (kind is None or o["type"] == kind)]

    async def log(self, correlation_id: str) -> list[dict[str, Any]]:
        r = await self.client.get("/v1/notifications", params={"correlation_id": correlation_id}, headers=ADMIN)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    async def publish(self, payload: Contract, *, message_id: str | None = None, correlation_id: str | None = None,
                      raw_extra: dict[str, Any] | None = None) -> str:
        msg = envelope(payload, producer="test", message_id=message_id,
                       correlation_id=correlation_id or getattr(payload, "tracking_no", None)
                       or getattr(payload, "registration_id", None))
        body = msg.body if not raw_extra else json.dumps({**json.loads(msg.body), **raw_extra})
        conn = await aio_pika.connect(self.rabbit_url)
        async with conn:
            ch = await conn.channel(publisher_confirms=True)
            ex = await ch.get_exchange(exchange(msg.exchange).name, ensure=False)
            await ex.publish(aio_pika.Message(body.encode(), message_id=msg.message_id,
                                              correlation_id=msg.correlation_id, type=msg.type,
                                              content_type="application/json", headers=msg.headers(),
                                              delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                             routing_key=msg.routing_key, mandatory=True)
        return msg.message_id


async def purge_notify_queues(url: str) -> None:
    """Earlier tests of the module publish into the same vhost; start from empty queues."""
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        for q in topology.CONSUMER_QUEUES:
            if q.service == "notify":
                for name in (q.name, q.retry):
                    queue = await ch.declare_queue(name, passive=True)
                    await queue.purge()


@asynccontextmanager
async def notify_env(rabbit_url: str, mongo_url: str, **overrides: Any):
    folder = Path(tempfile.mkdtemp(prefix="irtibat-notify-test-"))
    smtp_port, sms_port, hook_port = free_port(), free_port(), free_port()
    smtp, mail = await start_smtp("127.0.0.1", smtp_port, folder / "mail")
    sms_app = create_sms_app(folder / "sms.jsonl", token=TOKEN)
    hook_app, hooks = webhook_receiver()
    servers = [await serve_http(sms_app, sms_port), await serve_http(hook_app, hook_port)]
    clock = FakeClock(datetime(2026, 3, 10, 7, 0, tzinfo=UTC))  # 10:00 in Kayseri: no quiet hours
    hook = f"http://127.0.0.1:{hook_port}/hooks"
    values = dict(
        rabbit_url=rabbit_url, mongo_url=mongo_url, mongo_database=f"notify_{uuid.uuid4().hex[:8]}",
        irtibat_env="local", smtp_port=smtp_port, sms_gateway_url=f"http://127.0.0.1:{sms_port}",
        sms_gateway_token=TOKEN, webhook_secret=WEBHOOK_SECRET, retry_base_ms=50, retry_max_ms=300,
        outbox_scan_interval_s=0.5, outbox_grace_s=1.0, scheduler_interval_s=0.05, provider_timeout_s=5,
        department_contacts={"fen-isleri": {"webhook_url": f"{hook}/fen-isleri",
                                            "emails": ["fen-isleri@kayseri.bel.tr"]},
                             "triage": {"webhook_url": f"{hook}/triage"}})
    values.update(overrides)
    await topology.declare_topology_at(rabbit_url)
    await purge_notify_queues(rabbit_url)
    app = create_app(NotifySettings(**values), clock=clock)
    conn = await aio_pika.connect(rabbit_url)
    try:
        async with running_app(app) as client:
            await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 30)
            env = NotifyEnv(app, client, clock, mail, sms_app.state.gateway, hooks, rabbit_url=rabbit_url)
            ch = await conn.channel()
            watch = await ch.declare_queue(exclusive=True, auto_delete=True)
            await watch.bind(topology.EVENTS, routing_key="notification.#")

            async def collect(message: aio_pika.abc.AbstractIncomingMessage) -> None:
                env.outcomes.append({"type": message.type, "correlation_id": message.correlation_id,
                                     "message_id": message.message_id, **json.loads(message.body)})

            await watch.consume(collect, no_ack=True)
            yield env
    finally:
        await conn.close()
        for server, task in servers:
            server.should_exit = True
            await task
        smtp.close()
        await smtp.wait_closed()


def tracking_no() -> str:
    return f"153-2026-{uuid.uuid4().int % 10**6:06d}"


def phone() -> str:
    return f"+90532{uuid.uuid4().int % 10**7:07d}"


def email() -> str:
    return f"vatandas{uuid.uuid4().hex[:6]}@example.com"


def registered(tn: str, *, phone: str | None, email: str | None, sms: bool = True, mail: bool = True,
               **extra: Any):
    from shared.contracts.intake import RequestRegistered

    return RequestRegistered.model_validate({
        "tracking_no": tn, "kind": "complaint", "text": "Sokağımızdaki çukur tehlikeli.", "channel": "phone",
        "registered_at": datetime.now(UTC), "citizen": {"name": "Ayşe Yılmaz", "phone": phone, "email": email},
        "consent": {"kvkk_ack": True, "notify_sms": sms, "notify_email": mail}, **extra})


def routed(tn: str, version: int = 1, department: str = "fen-isleri", urgent: bool = False):
    from shared.contracts.routing import CaseRouted

    return CaseRouted(tracking_no=tn, case_version=version, occurred_at=datetime.now(UTC), department=department,
                      path="code", confidence=1.0, due_at=datetime.now(UTC) + timedelta(days=3), urgent=urgent)


def status_changed(tn: str, version: int, status: str, note: str | None = None, **extra: Any):
    from shared.contracts.routing import CaseStatusChanged

    return CaseStatusChanged(tracking_no=tn, case_version=version, occurred_at=datetime.now(UTC), status=status,
                             department="fen-isleri", public_note=note, **extra)
