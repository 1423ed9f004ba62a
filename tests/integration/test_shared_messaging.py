"""The foundation's promises against the real RabbitMQ (private vhost) and the Mongo stand-in."""

import asyncio
import json
import subprocess
import uuid

import aio_pika
import pytest
from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue
from pydantic import BaseModel

from shared import guard, topology
from shared.messaging import create_broker
from shared.mongo import create_client, ensure_indexes

pytestmark = pytest.mark.integration
QUEUE = topology.ROUTING_REQUEST_REGISTERED


async def _list_queues(vhost: str) -> set[tuple]:
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "arguments", "durable"],
                         check=True, capture_output=True, text=True).stdout
    return set(line for line in out.splitlines() if line.strip())


async def _list_bindings(vhost: str) -> set[str]:
    out = subprocess.run(["rabbitmqctl", "-q", "list_bindings", "-p", vhost], check=True, capture_output=True,
                         text=True).stdout
    return set(out.splitlines())


async def _purge(url: str, *names: str) -> None:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        for name in names:
            q = await ch.get_queue(name, ensure=False)
            await q.purge()


async def _get(url: str, queue: str, timeout: float = 15.0) -> aio_pika.abc.AbstractIncomingMessage:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        q = await ch.get_queue(queue, ensure=False)
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            msg = await q.get(fail=False, no_ack=True)
            if msg is not None:
                return msg
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing arrived in {queue} within {timeout}s")


async def test_declaring_the_topology_twice_changes_nothing(rabbit_url, rabbit_vhost):
    await topology.declare_topology_at(rabbit_url)
    queues, bindings = await _list_queues(rabbit_vhost.name), await _list_bindings(rabbit_vhost.name)
    await topology.declare_topology_at(rabbit_url)
    assert await _list_queues(rabbit_vhost.name) == queues
    assert await _list_bindings(rabbit_vhost.name) == bindings
    names = {line.split("\t")[0] for line in queues}
    assert {QUEUE.name, QUEUE.retry, QUEUE.dlq, "dept.kaski", "dept.triage"} <= names
    assert any("x-delivery-limit" in line for line in queues if line.startswith(QUEUE.name + "\t"))


class Ping(BaseModel):
    n: int


async def _start_consumer(rabbit_url, handler, *, attempts=3):
    broker = create_broker(rabbit_url, service="routing", consumer_queues=[QUEUE], max_attempts=attempts,
                           retry_base_ms=50, retry_max_ms=200)
    broker.subscriber(RabbitQueue(QUEUE.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR)(handler)
    await broker.start()
    return broker


async def _publish_raw(url: str, body: bytes, message_id: str) -> None:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel(publisher_confirms=True)
        ex = await ch.get_exchange(topology.EVENTS, ensure=False)
        await ex.publish(aio_pika.Message(body, message_id=message_id, content_type="application/json",
                                          delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                         routing_key="request.registered", mandatory=True)


async def test_message_that_always_fails_is_parked_with_reason_after_retries(rabbit_url):
    await topology.declare_topology_at(rabbit_url)
    await _purge(rabbit_url, QUEUE.name, QUEUE.dlq, QUEUE.retry)
    calls: list[int] = []

    async def always_fails(body: Ping) -> None:
        calls.append(body.n)
        raise RuntimeError("department system unavailable")

    broker = await _start_consumer(rabbit_url, always_fails, attempts=3)
    try:
        await _publish_raw(rabbit_url, b'{"n": 7}', "m-always-fails")
        parked = await _get(rabbit_url, QUEUE.dlq)
    finally:
        await broker.stop()
    assert calls == [7, 7, 7]
    assert parked.message_id == "m-always-fails" and json.loads(parked.body) == {"n": 7}
    assert parked.headers["x-attempts"] == 3
    assert parked.headers["x-error"] == "RuntimeError: department system unavailable"
    assert parked.headers["x-original-routing-key"] == "request.registered"
    assert parked.headers["x-original-exchange"] == topology.EVENTS


@pytest.mark.parametrize("body,reason", [(b"{not json", "JSONDecodeError"), (b'{"n": "seven"}', "ValidationError: body.n")])
async def test_poison_message_is_parked_at_once(rabbit_url, body, reason):
    await topology.declare_topology_at(rabbit_url)
    await _purge(rabbit_url, QUEUE.name, QUEUE.dlq, QUEUE.retry)
    calls: list[int] = []

    async def handler(body: Ping) -> None:
        calls.append(body.n)

    broker = await _start_consumer(rabbit_url, handler)
    try:
        await _publish_raw(rabbit_url, body, "m-poison")
        parked = await _get(rabbit_url, QUEUE.dlq)
    finally:
        await broker.stop()
    assert calls == []
    assert parked.headers["x-attempts"] == 1 and parked.headers["x-error"].startswith(reason)


async def test_transient_failure_is_retried_then_succeeds(rabbit_url):
    await topology.declare_topology_at(rabbit_url)
    await _purge(rabbit_url, QUEUE.name, QUEUE.dlq, QUEUE.retry)
    done = asyncio.Event()
    calls: list[int] = []

    async def flaky(body: Ping) -> None:
        calls.append(body.n)
        if len(calls) < 2:
            raise TimeoutError("first try times out")
        done.set()

    broker = await _start_consumer(rabbit_url, flaky)
    try:
        await _publish_raw(rabbit_url, b'{"n": 1}', "m-flaky")
        await asyncio.wait_for(done.wait(), 15)
    finally:
        await broker.stop()
    assert calls == [1, 1]


async def test_redelivered_message_has_no_second_effect(rabbit_url, mongo_url):
    await topology.declare_topology_at(rabbit_url)
    await _purge(rabbit_url, QUEUE.name, QUEUE.dlq, QUEUE.retry)
    client = create_client(mongo_url)
    db = client[f"guard_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, guard.guard_indexes())
    seen = asyncio.Event()

    from faststream.rabbit.annotations import RabbitMessage

    async def count_once(body: Ping, msg: RabbitMessage) -> None:
        if await guard.claim(db, "test-counter", msg.message_id):
            await db.effects.update_one({"_id": "total"}, {"$inc": {"n": body.n}}, upsert=True)
        seen.set()

    broker = await _start_consumer(rabbit_url, count_once)
    try:
        for _ in range(3):  # the same message id delivered three times
            seen.clear()
            await _publish_raw(rabbit_url, b'{"n": 5}', "m-same-id")
            await asyncio.wait_for(seen.wait(), 10)
    finally:
        await broker.stop()
    assert (await db.effects.find_one({"_id": "total"}))["n"] == 5
    await client.drop_database(db.name)
    await client.close()
