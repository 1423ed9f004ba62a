"""Subscribers: applications to route, catalogue snapshots, and departments' case.update commands."""

import logging

from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue
from faststream.rabbit.message import RabbitMessage

from services.routing.application.changes import CaseNotFound, Change, Conflict, Forbidden, InvalidChange
from services.routing.application.context import RoutingContext
from services.routing.domain.access import Actor
from services.routing.domain.lifecycle import IllegalTransition
from shared import topology
from shared.contracts.intake import CatalogueChanged, CitizenErasureRequested, RequestRegistered
from shared.contracts.routing import UpdateCase
from shared.enums import Role
from shared.messaging import PermanentError, RetryLater, current_message
from shared.service import ServiceRuntime

log = logging.getLogger("irtibat.routing.amqp")
_UPDATE_PREFIX = "case.update."


def command_department(msg: RabbitMessage) -> str:
    """The department a case.update command came from: its routing key (kept across retries)."""
    raw = msg.raw_message
    key = (raw.headers or {}).get("x-original-routing-key") or raw.routing_key or ""
    if not key.startswith(_UPDATE_PREFIX) or len(key) == len(_UPDATE_PREFIX):
        raise PermanentError(f"routing key {key!r} does not name a department (case.update.<code>)")
    return key[len(_UPDATE_PREFIX):]


def subscribe(runtime: ServiceRuntime, routing: RoutingContext) -> None:
    broker = runtime.broker
    erasure_queue = next(q for q in topology.ERASURE_QUEUES if q.service == runtime.name)

    @broker.subscriber(RabbitQueue(erasure_queue.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR,
                       title=f"{erasure_queue.name}:consume",
                       description="citizen.erasure_requested: removes the contact routing kept (department_contact "
                                   "consent), masks personal data in the text, reports citizen.erasure_completed.")
    async def on_erasure_requested(request: CitizenErasureRequested) -> None:
        count = await routing.eraser.erase(request)
        log.info("erasure %s: %d case(s)", request.erasure_id, count)

    @broker.subscriber(RabbitQueue(topology.ROUTING_REQUEST_REGISTERED.name, declare=False),
                       ack_policy=AckPolicy.NACK_ON_ERROR, title="routing.request-registered:consume",
                       description="Opens a case per registered application: decides the department, "
                                   "sets the SLA due time, links duplicates, publishes the work item.")
    async def on_request_registered(request: RequestRegistered) -> None:
        msg = current_message()
        outcome, doc = await routing.router.route(request, message_id=msg.message_id)
        log.debug("application %s %s: %s via %s", request.tracking_no, outcome, doc["department"], doc["path"],
                 extra={"tracking_no": request.tracking_no})

    @broker.subscriber(RabbitQueue(topology.ROUTING_CATALOGUE.name, declare=False),
                       ack_policy=AckPolicy.NACK_ON_ERROR, title="routing.catalogue-changed:consume",
                       description="Keeps routing's copy of the service catalogue (newest version only).")
    async def on_catalogue_changed(change: CatalogueChanged) -> None:
        applied = await routing.config.apply_catalogue(change)
        log.info("catalogue version %d %s", change.version, "applied" if applied else "ignored (not newer)")

    @broker.subscriber(RabbitQueue(topology.ROUTING_CASE_UPDATE.name, declare=False),
                       ack_policy=AckPolicy.NACK_ON_ERROR, title="routing.case-update:consume",
                       description="case.update.<department> commands: the department of the routing key "
                                   "must own the case; message_id is the idempotency key. Invalid commands "
                                   "are parked in routing.case-update.dlq with the reason in x-error.")
    async def on_case_update(command: UpdateCase) -> None:
        msg = current_message()
        department = command_department(msg)
        actor = Actor(role=Role.DEPARTMENT, department=department, key_id=f"amqp:{department}", via="amqp")
        change = Change(to=command.to, note=command.note, department=command.department,
                        master_tracking_no=command.master_tracking_no, idempotency_key=msg.message_id,
                        causation_id=msg.message_id)
        try:
            await routing.updater.apply(command.tracking_no, change, actor)
        except (CaseNotFound, Forbidden, IllegalTransition, InvalidChange) as exc:
            raise PermanentError(f"{type(exc).__name__}: {exc}") from exc
        except Conflict as exc:
            raise RetryLater(str(exc)) from exc
