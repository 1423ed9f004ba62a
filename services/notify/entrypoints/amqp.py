"""AMQP entry points: thin handlers that turn a delivery into a use-case call."""

import hashlib
import json

from datetime import UTC, datetime

from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue
from faststream.rabbit.message import RabbitMessage

from services.notify.application.service import NotifyService
from services.notify.domain.plan import SourceRef
from shared import topology
from shared.contracts.intake import CitizenErasureRequested, RequestRegistered
from shared.messaging import current_message
from shared.service import ServiceRuntime


def _type(msg: RabbitMessage) -> str:
    raw = msg.raw_message
    return raw.type or (msg.headers or {}).get("x-original-routing-key") or raw.routing_key or ""


def attempts_of(msg: RabbitMessage) -> int:
    """Failed deliveries so far (the retry middleware counts them in `x-attempts`)."""
    return int((msg.headers or {}).get("x-attempts", 0))


def subscribe(runtime: ServiceRuntime, service: NotifyService) -> None:
    broker = runtime.broker
    max_attempts = runtime.settings.max_attempts

    def source_of(msg: RabbitMessage) -> SourceRef:
        # A message without an id would get a new random one on each delivery; its body hash is stable.
        message_id = msg.raw_message.message_id or "sha256:" + hashlib.sha256(msg.body).hexdigest()
        attempt = attempts_of(msg) + 1
        return SourceRef(message_id=message_id, message_type=_type(msg), correlation_id=msg.correlation_id,
                         attempt=attempt, last_attempt=attempt >= max_attempts)

    def queue(q: topology.ConsumerQueue) -> RabbitQueue:
        return RabbitQueue(q.name, declare=False)

    applications = broker.subscriber(
        queue(topology.NOTIFY_APPLICATIONS), ack_policy=AckPolicy.NACK_ON_ERROR,
        title=f"{topology.NOTIFY_APPLICATIONS.name}:consume",
        description="request.registered (keeps the citizen's contact and consent per tracking number and sends "
                    "the receipt) and case.routed / case.status_changed / case.escalated, applied in "
                    "case_version order (routed, resolved, rejected, duplicate to the citizen; escalated to the "
                    "department or supervisor). One queue, so a case event never overtakes its registration.")

    async def is_registration(msg: RabbitMessage) -> bool:
        # async on purpose: FastStream runs a sync filter in a worker thread, a hop for every delivery
        return _type(msg) == "request.registered"

    @applications(filter=is_registration)
    async def on_request_registered(body: RequestRegistered) -> None:
        msg = current_message()
        await service.request_registered(body, json.loads(msg.body), source_of(msg))

    @applications
    async def on_case_event(body: dict) -> None:
        msg = current_message()
        source = source_of(msg)
        await service.case_event(source.message_type, body, source, attempts_of(msg))

    @broker.subscriber(queue(topology.NOTIFY_EVENT_EVENTS), ack_policy=AckPolicy.NACK_ON_ERROR,
                       title=f"{topology.NOTIFY_EVENT_EVENTS.name}:consume",
                       description="event.registration.confirmed / .waitlisted / .promoted / .cancelled and "
                                   "event.reminder.due: tells the registrant on the channels they consented to")
    async def on_event_message(body: dict) -> None:
        msg = current_message()
        source = source_of(msg)
        await service.event_message(source.message_type, body, source)

    erasure = next(q for q in topology.ERASURE_QUEUES if q.service == runtime.name)

    @broker.subscriber(queue(erasure), ack_policy=AckPolicy.NACK_ON_ERROR, title=f"{erasure.name}:consume",
                       description="citizen.erasure_requested: removes the subjects' phone numbers and e-mail "
                                   "addresses from contacts, queued SMS, the delivery log and preferences; "
                                   "reports citizen.erasure_completed (once per erasure id)")
    async def on_erasure_requested(request: CitizenErasureRequested) -> None:
        await service.erase(request, datetime.now(UTC))
