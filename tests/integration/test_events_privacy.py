"""Personal data in the events service: erasure on `citizen.erasure_requested` (reported once with
`citizen.erasure_completed`) and anonymisation after the retention period."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from services.events.main import create_app
from services.events.settings import EventsSettings
from shared.erasure import subjects_for
from tests.support.apps import running_app

pytestmark = pytest.mark.integration
ADMIN = {"X-API-Key": "dev-admin"}
SECRET = "local-dev-secret"


async def _until(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await predicate()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached before the deadline")


async def test_erasure_anonymises_registrations_and_reports_once(rabbit_url, mongo_url):
    offset = [timedelta()]
    settings = EventsSettings(rabbit_url=rabbit_url, mongo_url=mongo_url, irtibat_secret=SECRET,
                              mongo_database=f"events_priv_{uuid.uuid4().hex[:8]}", scheduler_interval_s=0.1,
                              retention_days=30)
    app = create_app(settings, clock=lambda: datetime.now(UTC) + offset[0])
    async with running_app(app) as client:
        await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 30)
        connection = await aio_pika.connect(rabbit_url)
        channel = await connection.channel()
        reports = await channel.declare_queue(exclusive=True, auto_delete=True)
        await reports.bind("irtibat.events", routing_key="citizen.erasure_completed")
        start = datetime.now(UTC) + timedelta(days=2)
        event = (await client.post("/v1/events", headers=ADMIN, json={
            "type": "career_day", "title_tr": "Kariyer Günü", "organiser": "halkla-iliskiler", "roles": ["job_seeker"],
            "sessions": [{"start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat(),
                          "capacity": 10}]})).json()
        await client.post(f"/v1/events/{event['id']}/state", json={"state": "published"}, headers=ADMIN)
        sid = event["sessions"][0]["id"]

        async def register(n: int, email: str | None = None) -> dict:
            r = await client.post(f"/v1/events/{event['id']}/registrations", json={
                "session_id": sid, "name": f"Mehmet Kaya {n}", "phone": f"0532 555 66 {n:02d}", "email": email,
                "role": "job_seeker", "consent": {"kvkk_ack": True}})
            assert r.status_code == 201, r.text
            return r.json()

        target = await register(1, email="Mehmet.Kaya@Example.org")
        other = await register(2)
        registrations = app.state.db["registrations"]

        subjects = subjects_for(SECRET, email="mehmet.kaya@example.org")
        exchange = await channel.get_exchange("irtibat.events", ensure=False)
        body = json.dumps({"erasure_id": "er-1", "subjects": subjects, "requested_at": datetime.now(UTC).isoformat()})
        for _ in range(2):  # a redelivered request changes nothing and is reported once
            await exchange.publish(aio_pika.Message(body.encode(), message_id=str(uuid.uuid4()),
                                                    content_type="application/json"),
                                   routing_key="citizen.erasure_requested")
        doc = await _until(lambda: registrations.find_one({"_id": target["id"], "erased": 1}))
        assert doc["name"] == "[silindi]" and doc["phone"] is None and doc["email"] is None
        assert doc["contact"] == {"name": None, "phone": None, "email": None}
        assert "+90" not in doc["participant_key"] and doc["status"] == "confirmed"
        kept = await registrations.find_one({"_id": other["id"]})
        assert kept["name"] == "Mehmet Kaya 2" and kept["erased"] == 0

        message = await _until(lambda: reports.get(no_ack=True, fail=False))
        report = json.loads(message.body)
        assert report["erasure_id"] == "er-1" and report["service"] == "events"
        assert report["counts"] == {"registrations": 1}
        assert await _until(lambda: app.state.db["erasures"].count_documents({}) ) == 1
        # The erased person may register again (their key is gone), figures still count them.
        assert (await register(1)).get("status") == "confirmed"
        stats = (await client.get("/v1/stats", headers={"X-API-Key": "dev-staff"})).json()
        assert stats["per_event"][event["id"]]["confirmed"] == 3

        # Past the retention period every registration of the ended session is anonymised.
        offset[0] = timedelta(days=40)
        await _until(lambda: _count(registrations, {"erased": 0}, 0))
        assert await registrations.count_documents({"name": "[silindi]"}) == 3
        await connection.close()


async def _count(collection, query, expected) -> bool:
    return await collection.count_documents(query) == expected
