"""Poison and transient failures in service processes: a malformed or wrong-schema message is parked
in its dead-letter queue at once with the reason; a message that cannot be handled yet is retried
with back-off, then parked; an admin lists parked messages and replays them after the fix."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aio_pika
import httpx
import pytest

from shared import topology
from shared.contracts.routing import CaseStatusChanged
from tests.support import faults

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ADMIN = {"X-API-Key": "dev-admin"}
FAST_RETRIES = {"MAX_ATTEMPTS": "3", "RETRY_BASE_MS": "200", "RETRY_MAX_MS": "3000"}


@pytest.fixture(scope="module")
def stack():
    s = faults.Stack(faults.private_node(), faults.private_mongo(), "poison",
                     extra={svc: FAST_RETRIES for svc in ("intake", "routing", "notify")}).start()
    yield s
    s.stop()


async def _publish(url: str, exchange: str, key: str, body: bytes, message_id: str, **props) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        target = await channel.get_exchange(exchange, ensure=False)
        await target.publish(aio_pika.Message(body, message_id=message_id, content_type="application/json",
                                              delivery_mode=aio_pika.DeliveryMode.PERSISTENT, **props),
                             routing_key=key, mandatory=True)


def publish(stack: faults.Stack, key: str, body: bytes, message_id: str, **props) -> None:
    asyncio.run(_publish(stack.url, topology.EVENTS, key, body, message_id, **props))


def parked(stack: faults.Stack, svc: str, message_id: str, timeout: float = 60.0) -> dict:
    """Poll the service's admin endpoint until it lists this message."""
    deadline = time.monotonic() + timeout
    while True:
        r = httpx.get(f"{stack[svc].base_url}/v1/admin/dead-letters", headers=ADMIN, timeout=10)
        assert r.status_code == 200, r.text
        found = [m for m in r.json() if m["message_id"] == message_id]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"{message_id} not parked by {svc} within {timeout}s"
        time.sleep(0.3)


def test_malformed_and_wrong_schema_messages_are_parked_at_once_with_the_reason(stack):
    bad_json, wrong = f"poison-json-{uuid.uuid4().hex[:6]}", f"poison-schema-{uuid.uuid4().hex[:6]}"
    publish(stack, "request.registered", b'{"tracking_no": "153-2026-0', bad_json)
    publish(stack, "request.registered", json.dumps({"tracking_no": "153-2026-999999", "kind": "sorun"}).encode(),
            wrong)
    for svc, queue in (("routing", "routing.request-registered"), ("notify", "notify.applications")):
        j, s = parked(stack, svc, bad_json), parked(stack, svc, wrong)
        assert j["queue"] == s["queue"] == queue
        assert j["attempts"] == s["attempts"] == 1  # at once: no retry can fix them
        assert j["error"].startswith("JSONDecodeError") and j["body_fields"] == "not JSON"
        assert s["error"].startswith("ValidationError") and "kind" in s["error"]
        assert s["original_routing_key"] == "request.registered"
        # Personal data never leaves a dead-letter queue through this listing: field names only.
        assert s["body_fields"] == ["kind", "tracking_no"]
    # The listing is for admins only.
    url = f"{stack['routing'].base_url}/v1/admin/dead-letters"
    assert httpx.get(url, timeout=10).status_code == 401
    assert httpx.get(url, headers={"X-API-Key": "dev-phone"}, timeout=10).status_code == 403
    assert stack.ready("routing") and stack.ready("notify")  # poison does not stop a consumer


def test_a_message_that_cannot_be_handled_yet_is_retried_with_back_off_then_parked_and_replayed(stack):
    year = datetime.now(ZoneInfo("Europe/Istanbul")).year
    tn = f"153-{year}-000001"  # the first number of this stack's fresh intake database
    now = datetime.now(UTC)
    early = CaseStatusChanged(tracking_no=tn, case_version=5, occurred_at=now, status="in_progress",
                              department="kultur", public_note="Ekibimiz çalışıyor.")
    mid = f"early-{uuid.uuid4().hex[:6]}"
    publish(stack, "case.status_changed", early.model_dump_json().encode(), mid, correlation_id=tn)
    # intake has no such application yet: retried (RetryLater) with growing delays, then parked.
    entry = parked(stack, "intake", mid)
    assert entry["queue"] == "intake.case-events" and entry["attempts"] == 3
    assert entry["error"].startswith("RetryLater") and tn in entry["error"]
    retries = [json.loads(line) for line in stack["intake"].logs().splitlines()
               if mid in line and "retrying message" in line]
    delays = [int(r["msg"].split(" in ")[1].split(" ms")[0]) for r in retries]
    assert len(delays) == 2 and delays == sorted(delays) and delays[0] >= 200, delays

    # The fix: the application it is about now exists.
    r = httpx.post(f"{stack['intake'].base_url}/v1/requests", headers={"X-API-Key": "dev-phone"}, timeout=30,
                   json={"kind": "request", "text": "Kütüphane saatleri uzatılsın.", "service_code": "kultur-kutuphane",
                         "location": {"district": "Kocasinan"}, "consent": {"kvkk_ack": True}})
    assert r.status_code == 201 and r.json()["tracking_no"] == tn, r.text

    base = stack["intake"].base_url
    assert httpx.post(f"{base}/v1/admin/dead-letters/routing.request-registered/replay", headers=ADMIN,
                      timeout=10).status_code == 404  # not a queue intake consumes
    replay = httpx.post(f"{base}/v1/admin/dead-letters/intake.case-events/replay", headers=ADMIN,
                        params={"message_id": mid}, timeout=30)
    assert replay.status_code == 200 and replay.json() == {"queue": "intake.case-events", "replayed": 1}

    deadline = time.monotonic() + 60
    while True:
        view = httpx.get(f"{base}/v1/requests/{tn}", headers={"X-API-Key": "dev-phone"}, timeout=10).json()
        if view.get("case_version") == 5:
            break
        assert time.monotonic() < deadline, view
        time.sleep(0.3)
    assert view["status"] == "in_progress"
    assert any(e.get("status") == "in_progress" for e in view["timeline"]), view["timeline"]
    listed = httpx.get(f"{base}/v1/admin/dead-letters", headers=ADMIN, timeout=10).json()
    assert all(m["message_id"] != mid for m in listed)  # no longer parked
