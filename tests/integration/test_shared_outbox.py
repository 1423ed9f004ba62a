"""The embedded outbox: a process killed between its write and its publish loses nothing."""

import asyncio
import os
import subprocess
import sys
import textwrap
import uuid

import aio_pika
import pytest

from shared import topology
from shared.contracts.envelope import envelope
from shared.contracts.routing import CaseStatusChanged
from shared.mongo import create_client
from shared.outbox import OutboxRelay, merge_update, outbox_fields, outbox_update
from shared.publisher import ConfirmedPublisher
from tests.support.infra import ROOT

pytestmark = pytest.mark.integration

WRITE_THEN_DIE = textwrap.dedent("""
    import asyncio, os, signal, sys
    from shared.contracts.envelope import envelope
    from shared.contracts.routing import CaseStatusChanged
    from shared.mongo import create_client
    from shared.outbox import outbox_fields

    async def main(url, dbname, tracking_no):
        db = create_client(url)[dbname]
        payload = CaseStatusChanged(tracking_no=tracking_no, case_version=1, occurred_at="2026-01-01T00:00:00Z",
                                    status="acknowledged", department="kaski")
        msg = envelope(payload, producer="test", correlation_id=tracking_no)
        await db.docs.insert_one({"_id": tracking_no, **outbox_fields([msg])})
        os.kill(os.getpid(), signal.SIGKILL)  # dies after the write, before any publish

    asyncio.run(main(*sys.argv[1:]))
""")


async def _drain(url: str, queue: str, want: int, timeout: float = 15.0) -> list[aio_pika.abc.AbstractIncomingMessage]:
    got = []
    conn = await aio_pika.connect(url)
    async with conn:
        q = await (await conn.channel()).get_queue(queue, ensure=False)
        deadline = asyncio.get_running_loop().time() + timeout
        while len(got) < want and asyncio.get_running_loop().time() < deadline:
            msg = await q.get(fail=False, no_ack=True)
            if msg is None:
                await asyncio.sleep(0.05)
            else:
                got.append(msg)
    return got


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once the socket is closed


@pytest.fixture
async def env(rabbit_url, mongo_url):
    await topology.declare_topology_at(rabbit_url)
    client = create_client(mongo_url)
    db = client[f"outbox_{uuid.uuid4().hex[:8]}"]
    publisher = ConfirmedPublisher(rabbit_url, app_id="irtibat-test")
    # Empty the queue this module reads of what earlier tests in the session left there.
    conn = await aio_pika.connect(rabbit_url)
    async with conn:
        await (await (await conn.channel()).get_queue(topology.INTAKE_CASE_EVENTS.name, ensure=False)).purge()
    yield db, publisher.publish
    await publisher.close()
    await client.drop_database(db.name)
    await client.close()


async def test_relay_publishes_what_a_killed_process_wrote_but_never_sent(env, rabbit_url, mongo_url):
    db, publish = env
    tracking_no = "153-2026-900001"
    proc = subprocess.run([sys.executable, "-c", WRITE_THEN_DIE, mongo_url, db.name, tracking_no], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    doc = await db.docs.find_one({"_id": tracking_no})
    assert doc["outbox_pending"] == 1 and len(doc["outbox"]) == 1

    relay = OutboxRelay(db.docs, publish, scan_interval_s=0.2, grace_s=0)
    await relay.start()  # a restarted service: its scan finds what the crash left
    try:
        got = [m for m in await _drain(rabbit_url, topology.INTAKE_CASE_EVENTS.name, 1)
               if m.correlation_id == tracking_no]
    finally:
        await relay.stop()
    assert len(got) == 1
    msg = got[0]
    assert msg.correlation_id == tracking_no and msg.type == "case.status_changed"
    assert msg.headers["schema"] == "case.status_changed/1"
    assert msg.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    doc = await db.docs.find_one({"_id": tracking_no})
    assert doc["outbox_pending"] == 0 and doc["outbox"] == {}


async def test_messages_added_while_relay_sends_are_not_lost(env, rabbit_url):
    db, publish = env

    def status(version: int):
        return envelope(CaseStatusChanged(tracking_no="153-2026-900002", case_version=version,
                                          occurred_at="2026-01-01T00:00:00Z", status="in_progress",
                                          department="kaski"), producer="test")

    await db.docs.insert_one({"_id": "153-2026-900002", **outbox_fields([status(1)])})
    snapshot = await db.docs.find_one({"_id": "153-2026-900002"})
    # Another write adds a message after the relay read the document, before it marks it sent.
    await db.docs.update_one({"_id": "153-2026-900002"}, merge_update(outbox_update([status(2)]),
                                                                      {"$set": {"case_version": 2}}))
    relay = OutboxRelay(db.docs, publish)
    assert await relay.send([snapshot]) == 1
    doc = await db.docs.find_one({"_id": "153-2026-900002"})
    assert doc["outbox_pending"] == 1 and len(doc["outbox"]) == 1  # the newer one is still due
    assert await relay.scan_once(grace_s=0) == 1
    doc = await db.docs.find_one({"_id": "153-2026-900002"})
    assert doc["outbox_pending"] == 0 and doc["outbox"] == {}
    got = await _drain(rabbit_url, topology.INTAKE_CASE_EVENTS.name, 2)
    assert sorted(m.body.count(b'"case_version":2') for m in got) == [0, 1]


async def test_unconfirmed_publish_keeps_the_message_due(env):
    db, _ = env
    await db.docs.insert_one({"_id": "x", **outbox_fields([envelope(CaseStatusChanged(
        tracking_no="153-2026-900003", case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
        department="kaski"), producer="test")])})

    broker_away = ConfirmedPublisher(f"amqp://guest:guest@127.0.0.1:{_closed_port()}/", app_id="irtibat-test")
    relay = OutboxRelay(db.docs, broker_away.publish)
    with pytest.raises(RuntimeError, match="not confirmed"):
        await relay.scan_once(grace_s=0)
    doc = await db.docs.find_one({"_id": "x"})
    assert doc["outbox_pending"] == 1 and len(doc["outbox"]) == 1
    assert (await relay.backlog())[0] == 1


async def test_a_document_handed_over_twice_publishes_each_message_once(env, rabbit_url):
    db, publish = env

    def status(version: int):
        return envelope(CaseStatusChanged(tracking_no="153-2026-900004", case_version=version,
                                          occurred_at="2026-01-01T00:00:00Z", status="in_progress",
                                          department="kaski"), producer="test")

    published: list[str] = []

    async def counting(message):
        published.append(message.message_id)
        await publish(message)

    relay = OutboxRelay(db.docs, counting)
    await db.docs.insert_one({"_id": "153-2026-900004", **outbox_fields([status(1)])})
    first = await db.docs.find_one({"_id": "153-2026-900004"})
    await db.docs.update_one({"_id": "153-2026-900004"}, outbox_update([status(2)]))
    second = await db.docs.find_one({"_id": "153-2026-900004"})  # still holds message 1, unmarked
    await relay.send([first])
    await relay.send([second])
    assert len(published) == 2 and len(set(published)) == 2
    doc = await db.docs.find_one({"_id": "153-2026-900004"})
    assert doc["outbox"] == {} and doc["outbox_pending"] == 0
    assert (await relay.backlog()) == (0, None)


async def test_scans_of_two_copies_send_a_stale_document_once(env):
    db, publish = env
    await db.docs.insert_one({"_id": "153-2026-900005", **outbox_fields([envelope(CaseStatusChanged(
        tracking_no="153-2026-900005", case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
        department="kaski"), producer="test")])})
    published: list[str] = []

    async def counting(message):
        published.append(message.message_id)
        await publish(message)

    copies = [OutboxRelay(db.docs, counting, grace_s=0) for _ in range(2)]
    sent = await asyncio.gather(*(relay.scan_once(grace_s=0) for relay in copies))
    assert sorted(sent) == [0, 1] and len(published) == 1
    doc = await db.docs.find_one({"_id": "153-2026-900005"})
    assert doc["outbox_pending"] == 0 and doc["outbox_claim_ms"] > 0


async def test_a_document_written_without_outbox_then_given_messages_is_scanned(env):
    db, publish = env
    await db.docs.insert_one({"_id": "catalogue", "version": 1})
    await db.docs.update_one({"_id": "catalogue"}, outbox_update([envelope(CaseStatusChanged(
        tracking_no="153-2026-900006", case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
        department="kaski"), producer="test")]))
    relay = OutboxRelay(db.docs, publish)
    assert await relay.scan_once(grace_s=0) == 1


async def test_a_document_from_before_claims_existed_is_still_sent(env):
    db, publish = env
    fields = outbox_fields([envelope(CaseStatusChanged(
        tracking_no="153-2026-900007", case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
        department="kaski"), producer="test")])
    del fields["outbox_claim_ms"]
    await db.docs.insert_one({"_id": "153-2026-900007", **fields})
    relay = OutboxRelay(db.docs, publish)
    assert await relay.scan_once(grace_s=0) == 1
    assert (await db.docs.find_one({"_id": "153-2026-900007"}))["outbox_pending"] == 0


async def test_the_backlog_gauges_count_what_waits_and_skip_a_relay_that_cannot_answer(mongo_url, rabbit_url):
    from shared.metrics import gauges
    from shared.service import ServiceRuntime
    from shared.settings import CommonSettings

    name = f"gauge{uuid.uuid4().hex[:6]}"
    runtime = ServiceRuntime(name, CommonSettings(mongo_url=mongo_url, rabbit_url=rabbit_url))
    broken = runtime.add_relay("broken")
    relay = runtime.add_relay("docs")

    async def unreachable():
        raise ConnectionError("database away")

    broken.backlog = unreachable
    await relay.collection.insert_one(_waiting("153-2026-900300"))
    try:
        await runtime._measure_outbox_backlog()
        labels = (("collection", "docs"), ("service", name))
        assert gauges().values["irtibat.outbox.backlog"][labels] == 1
        assert gauges().values["irtibat.outbox.oldest_age"][labels] >= 0
        assert (("collection", "broken"), ("service", name)) not in gauges().values["irtibat.outbox.backlog"]
    finally:
        await runtime.mongo.drop_database(runtime.db.name)
        await runtime.mongo.close()


def _waiting(tracking_no: str) -> dict:
    return {"_id": tracking_no, **outbox_fields([envelope(CaseStatusChanged(
        tracking_no=tracking_no, case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
        department="kaski"), producer="test")])}


async def test_a_crash_mid_batch_repeats_at_most_one_chunk(env):
    db, publish = env
    docs = []
    for n in range(10):
        tracking_no = f"153-2026-9001{n:02d}"
        await db.docs.insert_one({"_id": tracking_no, **outbox_fields([envelope(CaseStatusChanged(
            tracking_no=tracking_no, case_version=1, occurred_at="2026-01-01T00:00:00Z", status="resolved",
            department="kaski"), producer="test")])})
        docs.append(await db.docs.find_one({"_id": tracking_no}))
    pending_when_published: list[int] = []

    async def fails_once_in_the_second_chunk(message):
        # A chunk's publishes run concurrently: the failure is chosen by message, not by call order.
        pending_when_published.append(await db.docs.count_documents({"outbox_pending": 1}))
        if message.payload()["tracking_no"] == docs[5]["_id"]:
            raise ConnectionError("not confirmed by the broker")
        await publish(message)

    relay = OutboxRelay(db.docs, fails_once_in_the_second_chunk, send_chunk=4)
    with pytest.raises(RuntimeError, match="1 outbox message"):
        await relay.send(docs)
    # Each chunk is marked before the next is published (10 pending, then 6), so a crash finds at most
    # one chunk published and not marked; a failed chunk stops the rest, which stay due for the scan.
    assert pending_when_published == [10] * 4 + [6] * 4
    still_due = sorted(d["_id"] for d in await db.docs.find({"outbox_pending": 1}).to_list())
    assert still_due == [docs[5]["_id"], *(d["_id"] for d in docs[8:])]
