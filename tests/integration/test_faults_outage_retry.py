"""A database outage is not the message's fault: it costs no attempt, so a message outlasts an
outage longer than its whole retry budget instead of being parked (and waiting for an operator)."""

import asyncio

import aio_pika
import pytest
from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue
from faststream.rabbit.annotations import RabbitMessage
from pydantic import BaseModel
from pymongo.errors import AutoReconnect, ServerSelectionTimeoutError

from shared import topology
from shared.messaging import create_broker, is_outage

pytestmark = pytest.mark.integration
QUEUE = topology.INTAKE_ERASURE_COMPLETED
KEY = "citizen.erasure_completed"


class Ping(BaseModel):
    n: int


async def _publish(url: str, body: bytes, message_id: str) -> None:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel(publisher_confirms=True)
        ex = await ch.get_exchange(topology.EVENTS, ensure=False)
        await ex.publish(aio_pika.Message(body, message_id=message_id, content_type="application/json"),
                         routing_key=KEY, mandatory=True)


async def _depth(url: str, name: str) -> int:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        q = await ch.declare_queue(name, passive=True)
        return q.declaration_result.message_count


async def _run(url: str, handler, *, attempts: int):
    await topology.declare_topology_at(url)
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        for name in (QUEUE.name, QUEUE.retry, QUEUE.dlq):
            await (await ch.get_queue(name, ensure=False)).purge()
    broker = create_broker(url, service="intake", consumer_queues=[QUEUE], max_attempts=attempts,
                           retry_base_ms=20, retry_max_ms=100)
    broker.subscriber(RabbitQueue(QUEUE.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR)(handler)
    await broker.start()
    return broker


def test_what_counts_as_an_outage():
    assert is_outage(ServerSelectionTimeoutError("no server")) and is_outage(AutoReconnect("reset"))
    assert not is_outage(RuntimeError("bug")) and not is_outage(TimeoutError("provider"))


async def test_an_outage_longer_than_the_retry_budget_parks_nothing(rabbit_url):
    done = asyncio.Event()
    seen: list[tuple[int, int]] = []

    async def handler(body: Ping, msg: RabbitMessage) -> None:
        headers = msg.headers or {}
        seen.append((int(headers.get("x-attempts", 0)), int(headers.get("x-outage-retries", 0))))
        if len(seen) <= 6:  # three times the budget of two attempts
            raise ServerSelectionTimeoutError("database unreachable")
        done.set()

    broker = await _run(rabbit_url, handler, attempts=2)
    try:
        await _publish(rabbit_url, b'{"n": 1}', "m-outage")
        await asyncio.wait_for(done.wait(), 20)
    finally:
        await broker.stop()
    assert seen == [(0, i) for i in range(7)]  # no attempt spent; the outage retries counted apart
    assert await _depth(rabbit_url, QUEUE.dlq) == 0


async def test_a_real_failure_still_spends_its_attempts_and_is_parked(rabbit_url):
    calls: list[int] = []

    async def handler(body: Ping) -> None:
        calls.append(body.n)
        raise RuntimeError("a bug")

    broker = await _run(rabbit_url, handler, attempts=2)
    try:
        await _publish(rabbit_url, b'{"n": 2}', "m-bug")
        for _ in range(100):
            if await _depth(rabbit_url, QUEUE.dlq) == 1:
                break
            await asyncio.sleep(0.1)
    finally:
        await broker.stop()
    assert calls == [2, 2] and await _depth(rabbit_url, QUEUE.dlq) == 1
