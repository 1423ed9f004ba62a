"""Routing's own throughput, isolated from intake: publish a backlog of `request.registered`
messages straight to the events exchange (as intake's relay would) and time how fast routing turns
them into work items. Used by the routing-copies comparison (`--routing-copies N`)."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import aio_pika

from bench.payloads import prepare
from shared.contracts.envelope import envelope
from shared.contracts.intake import RequestRegistered
from shared.topology import EVENTS

# A year no real number uses, so injected applications never collide with intake's numbering.
YEAR = 2099


def messages(count: int, seed: int) -> list[tuple[str, aio_pika.Message]]:
    run = uuid.uuid4().int % 900 + 100
    out = []
    for i, item in enumerate(prepare(count, seed)):
        tracking_no = f"153-{YEAR}-{run:03d}{i:06d}"
        body = json.loads(item.body)
        payload = RequestRegistered.model_validate({**body, "tracking_no": tracking_no,
                                                    "channel": item.api_key.removeprefix("dev-"),
                                                    "registered_at": datetime.now(UTC)})
        msg = envelope(payload, producer="bench", correlation_id=tracking_no)
        out.append((tracking_no, aio_pika.Message(
            msg.body.encode(), message_id=msg.message_id, correlation_id=tracking_no, type=msg.type,
            content_type="application/json", headers=msg.headers(), timestamp=msg.created_at,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT)))
    return out


async def inject(rabbit_url: str, count: int, seed: int) -> dict[str, Any]:
    """Publish `count` applications (confirmed); returns load-generator-shaped results."""
    prepared = messages(count, seed)
    connection = await aio_pika.connect(rabbit_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(EVENTS, ensure=False)
        t0 = time.monotonic()
        records = []
        for start in range(0, len(prepared), 200):
            batch = prepared[start:start + 200]
            await asyncio.gather(*(exchange.publish(m, routing_key="request.registered") for _, m in batch))
            done = time.monotonic()
            records += [[start + j, t0, 0.0, done - t0, 201, tn, done, None] for j, (tn, _) in enumerate(batch)]
    finally:
        await connection.close()
    return {"t0": t0, "records": records, "cpu_s": 0.0, "max_inflight": 0, "max_rss_mib": 0.0}
