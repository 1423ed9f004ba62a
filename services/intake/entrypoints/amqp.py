"""AMQP entry points: `intake.submit.<channel>` commands and routing's case events."""

import json
import logging
from typing import Any

from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue
from faststream.rabbit.message import RabbitMessage
from pydantic import ValidationError

from services.intake.application.status import UnknownApplication
from services.intake.application.submit import Submission
from services.intake.bootstrap import Intake
from services.intake.domain.application import ApplicationInput
from services.intake.domain.errors import FieldError, IdempotencyConflict, InvalidApplication, field_errors
from shared import topology
from shared.contracts.intake import CitizenErasureCompleted
from shared.contracts.routing import CaseEscalated, CaseRouted, CaseStatusChanged
from shared.enums import Channel
from shared.messaging import PermanentError, RetryLater, current_message
from shared.service import ServiceRuntime
from shared.telemetry import current_trace_id

log = logging.getLogger("irtibat.intake.amqp")
CASE_EVENTS = {"case.routed": CaseRouted, "case.status_changed": CaseStatusChanged, "case.escalated": CaseEscalated}
_CHANNELS = {c.value for c in Channel}


def original_routing_key(msg: RabbitMessage) -> str:
    """Retries come back through the default exchange; the first routing key travels in a header."""
    raw = msg.raw_message
    return str((raw.headers or {}).get("x-original-routing-key") or raw.routing_key or "")


def register(runtime: ServiceRuntime, intake: Intake) -> None:
    broker = runtime.broker

    async def reply(msg: RabbitMessage, body: dict[str, Any]) -> None:
        reply_to = msg.raw_message.reply_to
        if not reply_to:
            return
        # The caller matches the reply by its own correlation id, or else by its message id.
        correlation_id = msg.raw_message.correlation_id or msg.message_id
        await broker.publish(json.dumps(body, ensure_ascii=False).encode(), routing_key=reply_to,
                             correlation_id=correlation_id, content_type="application/json",
                             headers={"in-reply-to": msg.message_id or ""})

    async def refuse(msg: RabbitMessage, errors: list[FieldError], reason: str) -> None:
        await reply(msg, {"status": "rejected", "errors": [e.as_dict() for e in errors]})
        raise PermanentError(f"{reason}: " + "; ".join(f"{e.field}: {e.msg}" for e in errors))

    # no_reply: FastStream would otherwise also answer reply_to with the handler's (empty) result.
    @broker.subscriber(RabbitQueue(topology.INTAKE_SUBMIT.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR,
                       no_reply=True, title="intake.submit:consume",
                       description="`intake.submit.<channel>` commands: the application body of POST /v1/requests "
                                   "(shared.contracts.intake.SubmitRequest); message_id is the idempotency key; "
                                   "with reply_to the receipt or the field errors are sent back")
    async def on_submit(body: dict[str, Any]) -> None:
        msg = current_message()
        channel = original_routing_key(msg).rsplit(".", 1)[-1]
        if channel not in _CHANNELS:
            await refuse(msg, [FieldError(("routing_key",), f"unknown channel {channel!r}", "channel_unknown")],
                         "invalid command")
        try:
            application = ApplicationInput.model_validate(body)
        except ValidationError as exc:
            await refuse(msg, field_errors(exc), "invalid application")
        try:
            receipt = await intake.submit(Submission(channel=channel, key_id=f"amqp:{channel}", application=application,
                                                     idempotency_key=msg.message_id, trace_id=current_trace_id()))
        except InvalidApplication as exc:
            await refuse(msg, exc.errors, "invalid application")
        except IdempotencyConflict as exc:
            await refuse(msg, [FieldError(("message_id",), str(exc), "idempotency_conflict")], "conflict")
        await reply(msg, receipt.as_dict())

    @broker.subscriber(RabbitQueue(topology.INTAKE_CASE_EVENTS.name, declare=False),
                       ack_policy=AckPolicy.NACK_ON_ERROR, no_reply=True, title="intake.case-events:consume",
                       description="case.routed / case.status_changed / case.escalated → the citizen's status view; "
                                   "applied only when case_version is newer than the one held")
    async def on_case_event(body: dict[str, Any]) -> None:
        msg = current_message()
        event = msg.raw_message.type or original_routing_key(msg)
        model = CASE_EVENTS.get(event)
        if model is None:
            raise PermanentError(f"not a case event: {event!r}")
        message = model.model_validate(body)
        try:
            outcome = await intake.case_events(event, message)
        except UnknownApplication:
            raise RetryLater(f"no application {message.tracking_no} (yet)") from None
        log.debug("%s v%d for %s: %s", event, message.case_version, message.tracking_no, outcome)

    @broker.subscriber(RabbitQueue(topology.INTAKE_ERASURE_COMPLETED.name, declare=False),
                       ack_policy=AckPolicy.NACK_ON_ERROR, no_reply=True, title="intake.erasure-completed:consume",
                       description="citizen.erasure_completed reports of every service, kept once per "
                                   "(erasure, service)")
    async def on_erasure_completed(report: CitizenErasureCompleted) -> None:
        await intake.erasure_reports.record(report.model_dump())
