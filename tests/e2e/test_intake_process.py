"""Intake as separate processes: the broker being away never refuses a citizen (the message follows
when it is back), and two copies on one database never share a tracking number."""

import asyncio
import uuid

import httpx
import pytest

from shared.topology import declare_topology_at
from tests.integration.test_intake_fixtures import CHANNEL, STAFF, Inbox, application
from tests.support.infra import RABBIT_PORT, RabbitVhost, ServiceProcess
from tests.support.tcpproxy import TcpProxy

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def vhost():
    created = RabbitVhost(name=f"irtibat-intake-e2e-{uuid.uuid4().hex[:8]}").create()
    yield created
    created.delete()


def _env(mongo_url: str, rabbit_url: str, database: str) -> dict[str, str]:
    return {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "MONGO_DATABASE": database, "IRTIBAT_ENV": "local",
            "OUTBOX_SCAN_INTERVAL_S": "0.5", "OUTBOX_GRACE_S": "0.5"}


async def test_broker_away_never_refuses_a_citizen(vhost, mongo_url):
    await declare_topology_at(vhost.url)
    proxy = TcpProxy(RABBIT_PORT).start()
    proxy.cut()
    url = f"amqp://guest:guest@127.0.0.1:{proxy.port}/{vhost.name}"
    proc = ServiceProcess("intake", _env(mongo_url, url, f"e2e_intake_{uuid.uuid4().hex[:6]}")).start()
    try:
        await asyncio.to_thread(proc.wait_ready, 60)
        async with httpx.AsyncClient(base_url=proc.base_url, timeout=10) as client:
            ready = (await client.get("/health/ready")).json()
            assert ready["ready"] is True and ready["checks"]["broker"] is False
            r = await client.post("/v1/requests", json=application(), headers=CHANNEL)
            assert r.status_code == 201
            async with Inbox(vhost.url, "request.registered") as inbox:
                proxy.restore()
                messages = await inbox.wait_for("request.registered", 1, timeout=45)
        assert {m["tracking_no"] for m in messages} == {r.json()["tracking_no"]}
        # The relay's fast path and its scan may both send it after the outage: at least once, one id.
        assert len({m.message_id for m in inbox.messages}) == 1
    finally:
        proc.stop()
        proxy.stop()


async def test_two_copies_never_share_a_tracking_number(vhost, mongo_url):
    env = _env(mongo_url, vhost.url, f"e2e_intake_{uuid.uuid4().hex[:6]}")
    copies = [ServiceProcess("intake", env).start(), ServiceProcess("intake", env).start()]
    try:
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 60) for p in copies))
        clients = [httpx.AsyncClient(base_url=p.base_url, timeout=30) for p in copies]
        try:
            answers = await asyncio.gather(*(clients[i % 2].post("/v1/requests", json=application(text=f"No {i}"),
                                                                 headers=CHANNEL) for i in range(100)))
            assert {a.status_code for a in answers} == {201}
            numbers = [a.json()["tracking_no"] for a in answers]
            assert len(set(numbers)) == 100
            # Either copy serves an application the other one registered.
            seen = await clients[1].get(f"/v1/requests/{numbers[0]}", headers=STAFF)
            assert seen.status_code == 200 and seen.json()["text"] == "No 0"
        finally:
            for client in clients:
                await client.aclose()
    finally:
        for p in copies:
            p.stop()
