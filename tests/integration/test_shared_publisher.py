"""The relays' publisher against the real RabbitMQ: the envelope DESIGN.md describes, trace context
carried across, unroutable messages refused, and an outage survived."""

import asyncio
import gc
import socket
import uuid

import aio_pika
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared import topology
from shared.contracts.envelope import envelope
from shared.contracts.routing import CaseStatusChanged
from shared.outbox import current_trace_context
from shared.publisher import ConfirmedPublisher

pytestmark = pytest.mark.integration


def status_message(tracking_no: str):
    return envelope(CaseStatusChanged(tracking_no=tracking_no, case_version=3, occurred_at="2026-01-01T00:00:00Z",
                                      status="in_progress", department="kaski"),
                    producer="test", correlation_id=tracking_no, causation_id="cause-1")


@pytest.fixture
async def queue(rabbit_url):
    await topology.declare_topology_at(rabbit_url)
    conn = await aio_pika.connect(rabbit_url)
    channel = await conn.channel()
    q = await channel.declare_queue(f"test.publisher.{uuid.uuid4().hex[:8]}", exclusive=True)
    await q.bind(topology.EVENTS, "case.status_changed")
    yield q
    await conn.close()


async def _get(q, timeout: float = 10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        msg = await q.get(fail=False, no_ack=True)
        if msg is not None:
            return msg
        await asyncio.sleep(0.05)
    raise AssertionError("nothing arrived")


async def test_publishes_the_design_envelope_under_the_stored_trace(rabbit_url, queue):
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    publisher = ConfirmedPublisher(rabbit_url, app_id="irtibat-test", tracer_provider=provider)
    message = status_message("153-2026-700001")
    with provider.get_tracer("test").start_as_current_span("the writer's request") as writer:
        message.trace_context = current_trace_context()
    try:
        await publisher.publish(message)
    finally:
        await publisher.close()
    got = await _get(queue)
    assert got.body.decode() == message.body
    assert got.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert (got.message_id, got.correlation_id, got.type) == (message.message_id, "153-2026-700001",
                                                               "case.status_changed")
    assert got.content_type == "application/json" and got.app_id == "irtibat-test" and got.timestamp
    assert got.headers["schema"] == "case.status_changed/1" and got.headers["producer"] == "test"
    assert got.headers["causation_id"] == "cause-1"
    # The consumer's parent is the publish span, a child of the writer's span in the same trace.
    (publish_span,) = [s for s in spans.get_finished_spans() if s.kind == SpanKind.PRODUCER]
    trace_id = format(writer.get_span_context().trace_id, "032x")
    assert got.headers["traceparent"].split("-")[1] == trace_id
    assert got.headers["traceparent"].split("-")[2] == format(publish_span.context.span_id, "016x")
    assert publish_span.parent.span_id == writer.get_span_context().span_id
    assert publish_span.name == "irtibat.events.case.status_changed publish"
    assert publish_span.attributes["irtibat.tracking_no"] == "153-2026-700001"


async def test_a_message_no_queue_takes_is_refused_not_dropped(rabbit_url):
    await topology.declare_topology_at(rabbit_url)
    publisher = ConfirmedPublisher(rabbit_url, app_id="irtibat-test")
    message = status_message("153-2026-700002")
    message.routing_key = "nobody.binds.this"
    try:
        with pytest.raises(aio_pika.exceptions.PublishError):
            await publisher.publish(message)
        # The channel is still usable afterwards.
        message.routing_key = "case.status_changed"
        await publisher.publish(message)
    finally:
        await publisher.close()


async def test_without_span_export_the_stored_trace_context_travels_unchanged(rabbit_url, queue):
    publisher = ConfirmedPublisher(rabbit_url, app_id="irtibat-test", record_spans=False)
    message = status_message("153-2026-700003")
    message.trace_context = {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"}
    try:
        await publisher.publish(message)
    finally:
        await publisher.close()
    got = await _get(queue)
    # The consumer's logs carry the writer's trace id; no span was made for the publish.
    assert got.headers["traceparent"] == message.trace_context["traceparent"]
    assert got.headers["schema"] == "case.status_changed/1" and got.message_id == message.message_id


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_connection_that_fails_to_open_is_closed_not_left_to_the_collector():
    """During an outage a relay tries to connect on every scan; each failed connection must be
    closed then, not by a finaliser on whatever loop happens to be current."""
    publisher = ConfirmedPublisher(f"amqp://guest:guest@127.0.0.1:{_closed_port()}/", app_id="irtibat-test")
    msg = envelope(CaseStatusChanged(tracking_no="153-2026-900011", case_version=1,
                                     occurred_at="2026-01-01T00:00:00Z", status="resolved", department="kaski"),
                   producer="test")
    failures = []
    for _ in range(3):
        with pytest.raises(aio_pika.exceptions.AMQPConnectionError) as failure:
            await publisher.publish(msg)
        failures.append(failure)  # holds the traceback, and with it the connection that failed
    left_open = [o for o in gc.get_objects() if isinstance(o, aio_pika.RobustConnection) and not o.is_closed]
    assert left_open == []
    await publisher.close()
