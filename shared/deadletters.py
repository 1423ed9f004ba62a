"""Parked messages: list what sits in a service's dead-letter queues and replay it after a fix.

Replay sends a message back to its own work queue (through the default exchange), not to the
original exchange: a topic key such as request.registered also feeds other services' queues,
which handled it already.
"""

import json
from typing import Any

import aio_pika

from shared.topology import ConsumerQueue

HEADERS_SHOWN = ("x-error", "x-attempts", "x-original-routing-key", "x-original-exchange", "x-queue")


def _describe(queue: ConsumerQueue, msg: aio_pika.abc.AbstractIncomingMessage) -> dict[str, Any]:
    headers = msg.headers or {}
    try:
        body: Any = json.loads(msg.body)
        # Only the shape, never the content: bodies carry personal data.
        body_keys = sorted(body) if isinstance(body, dict) else type(body).__name__
    except ValueError:
        body_keys = "not JSON"
    return {
        "queue": queue.name, "message_id": msg.message_id, "correlation_id": msg.correlation_id,
        "type": msg.type, "timestamp": msg.timestamp.isoformat() if msg.timestamp else None,
        "body_fields": body_keys,
        **{k.removeprefix("x-").replace("-", "_"): headers.get(k) for k in HEADERS_SHOWN},
    }


async def list_parked(url: str, queues: list[ConsumerQueue], limit: int = 100) -> list[dict[str, Any]]:
    """Peek at parked messages (they stay parked: taken unacked, then returned)."""
    found: list[dict[str, Any]] = []
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            dlq = await channel.get_queue(queue.dlq, ensure=False)
            taken = []
            while len(found) < limit:
                msg = await dlq.get(no_ack=False, fail=False)
                if msg is None:
                    break
                taken.append(msg)
                found.append(_describe(queue, msg))
            for msg in taken:
                await msg.nack(requeue=True)
    return found


async def replay(url: str, queue: ConsumerQueue, limit: int = 1000, message_id: str | None = None) -> int:
    """Move parked messages of one queue back to it, attempts reset; returns how many moved."""
    moved = 0
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        dlq = await channel.get_queue(queue.dlq, ensure=False)
        skipped = []
        while moved < limit:
            msg = await dlq.get(no_ack=False, fail=False)
            if msg is None:
                break
            if message_id and msg.message_id != message_id:
                skipped.append(msg)
                continue
            headers = {k: v for k, v in (msg.headers or {}).items()
                       if k not in ("x-error", "x-attempts", "x-queue", "x-death")}
            headers["x-replayed"] = 1
            await channel.default_exchange.publish(
                aio_pika.Message(msg.body, headers=headers, message_id=msg.message_id,
                                 correlation_id=msg.correlation_id, type=msg.type, content_type=msg.content_type,
                                 timestamp=msg.timestamp, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                routing_key=queue.name, mandatory=True)
            await msg.ack()
            moved += 1
        for msg in skipped:
            await msg.nack(requeue=True)
    return moved
