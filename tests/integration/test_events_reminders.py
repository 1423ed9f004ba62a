"""event.reminder.due goes out once per confirmed person, even with two copies of the service
sharing the database and both running their scheduler."""

import asyncio
import json
import time
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from services.events.main import create_app
from services.events.settings import EventsSettings
from tests.support.apps import running_app

pytestmark = pytest.mark.integration
ADMIN = {"X-API-Key": "dev-admin"}


async def _until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached before the deadline")


async def test_reminders_go_out_once_with_two_copies_running(rabbit_url, mongo_url):
    database = f"events_rem_{uuid.uuid4().hex[:8]}"
    # A tiny window: the scheduler looks every 50 ms; the session starts within the 24 h lead.
    settings = EventsSettings(rabbit_url=rabbit_url, mongo_url=mongo_url, mongo_database=database,
                              scheduler_interval_s=0.05)
    apps = [create_app(settings), create_app(settings)]
    received: list[aio_pika.abc.AbstractIncomingMessage] = []
    async with AsyncExitStack() as stack:
        first, second = [await stack.enter_async_context(running_app(app)) for app in apps]
        for app in apps:
            await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 30)
        connection = await aio_pika.connect(rabbit_url)
        stack.push_async_callback(connection.close)
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind("irtibat.events", routing_key="event.reminder.due")

        async def collect(message) -> None:
            received.append(message)

        await queue.consume(collect, no_ack=True)

        start = datetime.now(UTC) + timedelta(hours=2)
        event = (await first.post("/v1/events", headers=ADMIN, json={
            "type": "career_day", "title_tr": "Kariyer Günü", "organiser": "halkla-iliskiler",
            "roles": ["job_seeker", "intern"],
            "sessions": [{"start": start.isoformat(), "end": (start + timedelta(hours=3)).isoformat(),
                          "capacity": 6}]})).json()
        await first.post(f"/v1/events/{event['id']}/state", json={"state": "published"}, headers=ADMIN)
        sid = event["sessions"][0]["id"]
        created = await asyncio.gather(*(
            (first if n % 2 else second).post(f"/v1/events/{event['id']}/registrations", json={
                "session_id": sid, "name": f"Aday {n}", "phone": f"0544 300 00 {n:02d}", "role": "intern",
                "consent": {"kvkk_ack": True, "notify_email": True}, "email": f"aday{n}@example.org"})
            for n in range(8)))
        regs = [c.json() for c in created]
        confirmed = {r["id"] for r in regs if r["status"] == "confirmed"}
        assert len(confirmed) == 6

        await _until(lambda: _true(len(received) >= 6))
        # Let both copies run several more rounds: nothing further may be sent.
        rounds = [app.state.scheduler.rounds for app in apps]
        await _until(lambda: _true(all(app.state.scheduler.rounds >= r + 5 for app, r in zip(apps, rounds))))
        await _until(lambda: _outbox_empty(apps[0]))
        await _flush(channel, received)
        bodies = [json.loads(m.body) for m in _distinct(received)]
        assert sorted(b["registration_id"] for b in bodies) == sorted(confirmed)
        assert {m.correlation_id for m in _distinct(received)} == confirmed
        assert all(b["contact"]["email"].endswith("@example.org") and b["consent"]["notify_email"] for b in bodies)
        assert all(datetime.fromisoformat(b["session_start"]) == start.replace(microsecond=0) or
                   abs((datetime.fromisoformat(b["session_start"]) - start).total_seconds()) < 1 for b in bodies)

        # Someone promoted after the reminders went out gets their own reminder, once.
        leaver = next(r for r in regs if r["status"] == "confirmed")
        await second.post(f"/v1/registrations/{leaver['id']}/cancel", json={"code": leaver["secret_code"]})
        await _until(lambda: _true(len(received) >= 7))
        rounds = [app.state.scheduler.rounds for app in apps]
        await _until(lambda: _true(all(app.state.scheduler.rounds >= r + 5 for app, r in zip(apps, rounds))))
        await _until(lambda: _outbox_empty(apps[0]))
        await _flush(channel, received)
        ids = [json.loads(m.body)["registration_id"] for m in _distinct(received)]
        assert len(ids) == len(set(ids)) == 7
        assert leaver["id"] in ids


async def _flush(channel, received: list) -> None:
    """Everything already queued arrives before a marker published now (queues are FIFO)."""
    marker = uuid.uuid4().hex
    exchange = await channel.get_exchange("irtibat.events", ensure=False)
    await exchange.publish(aio_pika.Message(b"{}", message_id=marker), routing_key="event.reminder.due")
    await _until(lambda: _true(any(m.message_id == marker for m in received)))
    received[:] = [m for m in received if m.message_id != marker]


def _distinct(received: list) -> list:
    """One per message id: the relay publishes at least once; a second reminder has its own id."""
    return list({m.message_id: m for m in received}.values())


async def _true(value: bool) -> bool:
    return value


async def _outbox_empty(app) -> bool:
    return await app.state.db["registrations"].count_documents({"outbox_pending": 1}) == 0
