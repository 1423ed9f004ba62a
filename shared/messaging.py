"""Broker factory and the consumers' retry / dead-letter policy (the relays publish with shared/publisher.py).

Every consumer acks only after its handler returned. A failing message is never requeued in a
hot loop and never dropped: a transient failure goes to `<queue>.retry` with `x-attempts` and a
growing delay; after the last attempt, or at once for a message that can never succeed (bad JSON,
wrong schema, `PermanentError`), it is published to `irtibat.dlx` with `x-error`, `x-attempts`
and `x-original-routing-key`, confirmed, and only then acked.
"""

import json
import logging
import re
from contextvars import ContextVar
from collections.abc import Iterable
from typing import Any

from faststream.middlewares import BaseMiddleware
from faststream.rabbit import Channel, ExchangeType, RabbitBroker, RabbitExchange
from faststream.rabbit.message import RabbitMessage
from faststream.rabbit.opentelemetry import RabbitTelemetryMiddleware
from opentelemetry import trace
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure

from shared import topology

log = logging.getLogger("irtibat.messaging")
TRACKING_NO = re.compile(r"^153-\d{4}-\d{6}$")

_EXCHANGES = {name: RabbitExchange(name, type=ExchangeType(kind.value), durable=True, declare=False)
              for name, kind in topology.EXCHANGES.items()}


class PermanentError(Exception):
    """A message that can never succeed, whatever the retries: park it at once."""


class RetryLater(Exception):
    """A message that cannot be handled yet (for example it arrived before what it depends on).

    Its first retry waits at least RETRY_LATER_MIN_MS: what it waits for is usually a consumer that
    lags behind, and retrying sooner only adds load to that consumer (measured: 3.9 retries per
    application under load with a 500 ms start)."""


RETRY_LATER_MIN_MS = 2000

# The delivery being handled. Handlers read it here instead of taking a `RabbitMessage` parameter:
# FastStream resolves such context parameters in a worker thread for every message (fast_depends'
# `run_async` of a plain function), which cost 0.2-1.0 ms of CPU per message and service.
_CURRENT_MESSAGE: ContextVar[RabbitMessage] = ContextVar("irtibat_current_message")


def current_message() -> RabbitMessage:
    """The message the running handler was called for (set by the failure-policy middleware)."""
    return _CURRENT_MESSAGE.get()


def is_permanent(exc: BaseException) -> bool:
    return isinstance(exc, (PermanentError, ValidationError, json.JSONDecodeError, UnicodeDecodeError))


def is_outage(exc: BaseException) -> bool:
    """The service's own database is unreachable: not the message's fault, so it costs no attempt."""
    return isinstance(exc, ConnectionFailure)


def retry_delay_ms(attempt: int, base_ms: int, max_ms: int) -> int:
    return min(max_ms, base_ms * 2 ** max(0, attempt - 1))


def exchange(name: str) -> RabbitExchange:
    return _EXCHANGES[name]


def create_broker(
    url: str,
    *,
    service: str,
    consumer_queues: Iterable[topology.ConsumerQueue] = (),
    max_attempts: int = 5,
    retry_base_ms: int = 500,
    retry_max_ms: int = 60_000,
    prefetch: int = 200,
    tracer_provider: Any = None,
    meter_provider: Any = None,
    on_dead_letter: Any = None,
) -> RabbitBroker:
    """A RabbitBroker with publisher confirms, unroutable messages raised, telemetry and the
    retry / dead-letter middleware for this service's queues."""
    failure_policy = _failure_middleware(
        list(consumer_queues), max_attempts, retry_base_ms, retry_max_ms, on_dead_letter
    )
    middlewares: list[Any] = [failure_policy]
    if tracer_provider is not None:
        middlewares.insert(0, RabbitTelemetryMiddleware(tracer_provider=tracer_provider,
                                                        meter_provider=meter_provider))
    broker = RabbitBroker(
        url,
        default_channel=Channel(prefetch_count=prefetch, publisher_confirms=True, on_return_raises=True),
        app_id=f"irtibat-{service}",
        middlewares=middlewares,
        fail_fast=False,
        reconnect_interval=1.0,
        graceful_timeout=10.0,
        logger=logging.getLogger(f"irtibat.{service}.broker"),
        log_level=logging.DEBUG,
    )
    broker._irtibat_service = service  # type: ignore[attr-defined]
    return broker


def _failure_middleware(queues, max_attempts, base_ms, max_ms, on_dead_letter):
    class FailurePolicy(BaseMiddleware):
        async def publish_scope(self, call_next, cmd):
            tag_current_span(cmd.correlation_id)
            return await call_next(cmd)

        async def consume_scope(self, call_next, msg):
            tag_current_span(msg.correlation_id)
            token = _CURRENT_MESSAGE.set(msg)
            try:
                return await call_next(msg)
            except Exception as exc:  # noqa: BLE001 - every failure is routed, none is swallowed
                await _route_failure(self.context.get("broker"), msg, exc)
                return None
            finally:
                _CURRENT_MESSAGE.reset(token)

    async def _route_failure(broker: RabbitBroker, msg, exc: BaseException) -> None:
        raw = msg.raw_message
        queue = topology.queue_for_delivery(queues, raw.exchange or "", raw.routing_key or "")
        if queue is None:
            raise exc  # not one of ours: let the ack policy nack it
        headers = dict(raw.headers or {})
        outage = is_outage(exc)
        # An outage costs the message no attempt: it waits (with back-off, in x-outage-retries) as
        # long as the outage lasts instead of being parked while nothing is wrong with it.
        attempts = int(headers.get("x-attempts", 0)) + (0 if outage else 1)
        original_key = headers.get("x-original-routing-key") or raw.routing_key
        original_exchange = headers.get("x-original-exchange", raw.exchange or "")
        headers.update({"x-attempts": attempts, "x-original-routing-key": original_key,
                        "x-original-exchange": original_exchange})
        permanent = is_permanent(exc)
        common = dict(
            persist=True, mandatory=True, message_id=raw.message_id, correlation_id=raw.correlation_id,
            message_type=raw.type, content_type=raw.content_type, timestamp=raw.timestamp,
        )
        if permanent or attempts >= max_attempts:
            headers["x-error"] = f"{type(exc).__name__}: {_short(exc)}"[:1000]
            headers["x-queue"] = queue.name
            await broker.publish(raw.body, exchange=exchange(topology.DLX), routing_key=queue.name,
                                 headers=headers, **common)
            log.warning("parked message in %s after %d attempt(s): %s", queue.dlq, attempts,
                        type(exc).__name__, extra={"message_id": raw.message_id})
            if on_dead_letter is not None:
                on_dead_letter(queue.name)
            return
        delay = retry_delay_ms(attempts, base_ms, max_ms)
        if outage:
            headers["x-outage-retries"] = int(headers.get("x-outage-retries", 0)) + 1
            delay = retry_delay_ms(headers["x-outage-retries"], base_ms, max_ms)
        if isinstance(exc, RetryLater):
            delay = min(max_ms, max(delay, RETRY_LATER_MIN_MS * 2 ** (attempts - 1)))
        await broker.publish(raw.body, queue=queue.retry, headers=headers, expiration=delay / 1000,
                             **common)
        log.info("retrying message from %s in %d ms (attempt %d): %s", queue.name, delay, attempts,
                 type(exc).__name__, extra={"message_id": raw.message_id})

    return FailurePolicy


def tag_current_span(correlation_id: str | None) -> None:
    """Name the application a message is about on its span, so ops can search by tracking number."""
    if not correlation_id:
        return
    span = trace.get_current_span()
    if TRACKING_NO.match(correlation_id):
        span.set_attribute("irtibat.tracking_no", correlation_id)
    else:
        span.set_attribute("irtibat.correlation_id", correlation_id)


def _short(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:10])
    return str(exc)
