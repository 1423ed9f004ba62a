"""Two copies of the events service as separate processes sharing one database: the capacity
holds across copies, each reminder goes out once, and notify's queue receives the messages."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import aio_pika
import httpx
import pytest
from pymongo import MongoClient

from tests.support.infra import ServiceProcess, running

pytestmark = pytest.mark.e2e
ADMIN = {"X-API-Key": "dev-admin"}


DATABASE = f"events_e2e_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def copies(rabbit_url, mongo_url):
    env = {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local",
           "MONGO_DATABASE": DATABASE, "SCHEDULER_INTERVAL_S": "0.2"}
    procs = [ServiceProcess("events", dict(env)) for _ in range(2)]
    with running(procs, timeout=90):
        yield procs


class Collector:
    """A test queue bound to irtibat.events (what notify would receive)."""

    def __init__(self, url: str):
        self.url = url
        self.received: list[tuple[str, str, dict]] = []

    async def start(self) -> None:
        self.connection = await aio_pika.connect(self.url)
        self.channel = await self.connection.channel()
        queue = await self.channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind("irtibat.events", routing_key="event.#")
        await queue.consume(self._on_message, no_ack=True)

    async def _on_message(self, message) -> None:
        self.received.append((message.type, message.message_id, json.loads(message.body)))

    async def flush(self) -> None:
        """Everything already queued arrives before a marker published now (queues are FIFO)."""
        marker = uuid.uuid4().hex
        exchange = await self.channel.get_exchange("irtibat.events", ensure=False)
        await exchange.publish(aio_pika.Message(b"{}", message_id=marker, type="marker"), routing_key="event.marker")
        await _until(lambda: any(mid == marker for _, mid, _ in self.received))

    def distinct(self, mtype: str) -> dict[str, dict]:
        return {mid: body for t, mid, body in self.received if t == mtype}


async def _until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not reached before the deadline")


async def test_two_copies_share_capacity_and_send_each_reminder_once(copies, rabbit_url, mongo_url):
    inbox = Collector(rabbit_url)
    await inbox.start()
    db = MongoClient(mongo_url)[DATABASE]
    a, b = (httpx.AsyncClient(base_url=p.base_url, timeout=30) for p in copies)
    try:
        start = datetime.now(UTC) + timedelta(hours=3)
        event = (await a.post("/v1/events", headers=ADMIN, json={
            "type": "counselling_promotion", "title_tr": "Aile Danışmanlığı Tanıtım Günü",
            "organiser": "sosyal-hizmetler",
            "sessions": [{"start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat(),
                          "capacity": 5}]})).json()
        assert (await b.post(f"/v1/events/{event['id']}/state", json={"state": "published"},
                             headers=ADMIN)).status_code == 200
        sid = event["sessions"][0]["id"]
        answers = await asyncio.gather(*(
            (a if n % 2 else b).post(f"/v1/events/{event['id']}/registrations", json={
                "session_id": sid, "name": f"Danışan {n}", "phone": f"0555 700 00 {n:02d}",
                "consent": {"kvkk_ack": True, "notify_sms": True}})
            for n in range(20)))
        assert all(r.status_code == 201 for r in answers)
        created = [r.json() for r in answers]
        assert [c["status"] for c in created].count("confirmed") == 5
        confirmed = {c["id"] for c in created if c["status"] == "confirmed"}

        # A check-in through one copy is seen by the other.
        code = next(c["checkin_code"] for c in created if c["status"] == "confirmed")
        staff = {"X-API-Key": "dev-staff"}
        assert (await a.post("/v1/checkins", json={"code": code}, headers=staff)).status_code == 200
        assert (await b.post("/v1/checkins", json={"code": code}, headers=staff)).status_code == 409

        # Every reminder claimed and published; then nothing more can be sent for them.
        await _until(lambda: db.registrations.count_documents({"reminder_sent": 1}) == 5
                     and db.registrations.count_documents({"outbox_pending": 1}) == 0)
        await inbox.flush()
        reminders = inbox.distinct("event.reminder.due")
        assert sorted(body["registration_id"] for body in reminders.values()) == sorted(confirmed)
        assert len(inbox.distinct("event.registration.confirmed")) == 5
        assert len(inbox.distinct("event.registration.waitlisted")) == 15
    finally:
        for client in (a, b):
            await client.aclose()
        await inbox.connection.close()
        db.client.close()
