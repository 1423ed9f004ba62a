"""CPU per confirmed publish: FastStream's `broker.publish` (its middleware chain, as the services'
broker has it) against the relays' `ConfirmedPublisher` (aio-pika on a channel of its own), with
its PRODUCER span (traces exported) and without (the local profile):

    python -m bench.publish_cost [COUNT]

Publishes COUNT outbox messages each way, 50 confirms awaited together (as a relay does), twice
alternately, into a scratch queue on the local RabbitMQ, and prints this process's CPU ms per publish.
"""

import asyncio
import os
import sys
import time
import uuid

import aio_pika
from opentelemetry import context as otel_context
from opentelemetry.propagate import extract

from shared import topology
from shared.contracts.envelope import envelope
from shared.contracts.routing import CaseStatusChanged
from shared.messaging import create_broker, exchange
from shared.outbox import current_trace_context
from shared.publisher import ConfirmedPublisher
from shared.telemetry import setup_telemetry

URL = os.environ.get("RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/")
ROUTING_KEY = f"bench.publish-cost.{uuid.uuid4().hex[:8]}"


async def faststream_publish(broker, message) -> None:
    """How the relays published until the third session: FastStream's broker.publish, its whole chain."""
    token = otel_context.attach(extract(message.trace_context))
    try:
        await broker.publish(
            message.body.encode(), exchange=exchange(message.exchange), routing_key=message.routing_key,
            persist=True, mandatory=True, message_id=message.message_id, correlation_id=message.correlation_id,
            message_type=message.type, timestamp=message.created_at, content_type="application/json",
            headers=message.headers())
    finally:
        otel_context.detach(token)


def messages(count: int) -> list:
    out = []
    for i in range(count):
        tracking_no = f"153-2026-{i:06d}"
        m = envelope(CaseStatusChanged(tracking_no=tracking_no, case_version=1, occurred_at="2026-01-01T00:00:00Z",
                                       status="resolved", department="kaski"),
                     producer="bench", correlation_id=tracking_no)
        m.routing_key = ROUTING_KEY
        m.trace_context = current_trace_context()
        out.append(m)
    return out


async def timed(send, count: int) -> float:
    batch = messages(count)
    started = time.process_time()
    for k in range(0, count, 50):
        await asyncio.gather(*(send(m) for m in batch[k:k + 50]))
    return (time.process_time() - started) / count * 1000


async def main(count: int) -> None:
    telemetry = setup_telemetry("bench")
    await topology.declare_topology_at(URL)
    conn = await aio_pika.connect(URL)
    queue = await (await conn.channel()).declare_queue(exclusive=True)
    await queue.bind(topology.EVENTS, ROUTING_KEY)
    broker = create_broker(URL, service="bench", tracer_provider=telemetry.tracer_provider,
                           meter_provider=telemetry.meter_provider)
    await broker.start()
    with_spans = ConfirmedPublisher(URL, app_id="irtibat-bench", tracer_provider=telemetry.tracer_provider)
    without_spans = ConfirmedPublisher(URL, app_id="irtibat-bench", record_spans=False)
    ways = {"faststream broker.publish": lambda m: faststream_publish(broker, m),
            "ConfirmedPublisher, with spans": with_spans.publish,
            "ConfirmedPublisher, no export": without_spans.publish}
    try:
        for _ in range(2):
            for name, send in ways.items():
                print(f"{name:34s} {await timed(send, count):.3f} CPU ms per confirmed publish")
    finally:
        await with_spans.close()
        await without_spans.close()
        await broker.stop()
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000))
