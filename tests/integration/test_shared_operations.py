"""Shared operational behaviour: parked messages listed and replayed, 503 when storage is away,
load shedding."""

import asyncio

import aio_pika
import httpx
import pytest
from fastapi import APIRouter

from shared import topology
from shared.service import ServiceRuntime
from shared.settings import CommonSettings
from tests.support.apps import running_app
from tests.support.infra import free_port

pytestmark = pytest.mark.integration
ADMIN = {"X-API-Key": "dev-admin"}
QUEUE = topology.NOTIFY_EVENT_EVENTS


def _app(rabbit_url, mongo_url, **overrides):
    settings = CommonSettings(rabbit_url=rabbit_url, mongo_url=mongo_url, mongo_database="ops_test", **overrides)
    runtime = ServiceRuntime("notify", settings, consumer_queues=[QUEUE])
    router = APIRouter()

    @router.get("/slow")
    async def slow() -> dict:
        await asyncio.sleep(0.5)
        return {"ok": True}

    @router.get("/stored")
    async def stored() -> dict:
        return {"n": await runtime.db.things.count_documents({})}

    return runtime.create_app(title="İrtibat test", description="test", routers=[router])


async def _park(url: str, body: bytes, message_id: str) -> None:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel(publisher_confirms=True)
        dlx = await ch.get_exchange(topology.DLX, ensure=False)
        await dlx.publish(aio_pika.Message(body, message_id=message_id, headers={
            "x-error": "ValidationError: contact: Field required", "x-attempts": 1,
            "x-original-routing-key": "event.reminder.due", "x-queue": QUEUE.name}), routing_key=QUEUE.name)


async def _wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(100):
        if (await client.get("/health/ready")).status_code == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not ready")


async def test_admin_lists_parked_messages_without_their_content_and_replays_them(rabbit_url, mongo_url):
    await topology.declare_topology_at(rabbit_url)
    conn = await aio_pika.connect(rabbit_url)
    async with conn:
        ch = await conn.channel()
        for name in (QUEUE.dlq, QUEUE.name):
            await (await ch.get_queue(name, ensure=False)).purge()
    await _park(rabbit_url, b'{"registration_id": "r1", "phone": "+905321234567"}', "parked-1")
    async with running_app(_app(rabbit_url, mongo_url)) as client:
        assert (await client.get("/v1/admin/dead-letters")).status_code == 401
        assert (await client.get("/v1/admin/dead-letters", headers={"X-API-Key": "dev-staff"})).status_code == 403
        listed = (await client.get("/v1/admin/dead-letters", headers=ADMIN)).json()
        assert [(m["message_id"], m["error"], m["attempts"]) for m in listed] == [
            ("parked-1", "ValidationError: contact: Field required", 1)]
        assert "+905321234567" not in str(listed) and listed[0]["body_fields"] == ["phone", "registration_id"]
        # Listing leaves it parked.
        assert len((await client.get("/v1/admin/dead-letters", headers=ADMIN)).json()) == 1
        assert (await client.post("/v1/admin/dead-letters/nope/replay", headers=ADMIN)).status_code == 404
        # Stop our consumer-less broker from interfering: nothing consumes notify.event-events here.
        replayed = await client.post(f"/v1/admin/dead-letters/{QUEUE.name}/replay", headers=ADMIN)
        assert replayed.json() == {"queue": QUEUE.name, "replayed": 1}
        assert (await client.get("/v1/admin/dead-letters", headers=ADMIN)).json() == []
    conn = await aio_pika.connect(rabbit_url)
    async with conn:
        back = await (await (await conn.channel()).get_queue(QUEUE.name, ensure=False)).get(no_ack=True, fail=False)
    assert back is not None and back.message_id == "parked-1"
    assert back.headers.get("x-replayed") == 1 and "x-attempts" not in back.headers


async def test_storage_unavailable_is_a_clear_503(rabbit_url):
    dead_mongo = f"mongodb://127.0.0.1:{free_port()}"
    app = _app(rabbit_url, dead_mongo)
    runtime = app.state.runtime
    runtime.mongo = type(runtime.mongo)(dead_mongo, serverSelectionTimeoutMS=300)
    runtime.db = runtime.mongo["ops_test"]
    transport = httpx.ASGITransport(app=app)  # no lifespan: the database never came up
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/stored")
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert "nothing was stored" in response.json()["detail"]


async def test_a_copy_sheds_load_with_503_and_retry_after(rabbit_url, mongo_url):
    async with running_app(_app(rabbit_url, mongo_url, max_in_flight=3)) as client:
        responses = await asyncio.gather(*(client.get("/slow") for _ in range(8)))
        codes = sorted(r.status_code for r in responses)
        assert codes == [200] * 3 + [503] * 5
        assert all(r.headers["Retry-After"] == "1" for r in responses if r.status_code == 503)
        assert (await client.get("/health/live")).status_code == 200
