"""AMQP subscribers of the events service (besides the shared `apikey.changed` one)."""

from datetime import UTC, datetime

from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue

from services.events.application.ports import Ports
from services.events.application.privacy import erase
from shared import topology
from shared.contracts.intake import CitizenErasureRequested
from shared.service import ServiceRuntime


def subscribe(runtime: ServiceRuntime, ports: Ports) -> None:
    queue = next(q for q in topology.ERASURE_QUEUES if q.service == runtime.name)

    @runtime.broker.subscriber(RabbitQueue(queue.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR,
                               title=f"{queue.name}:consume",
                               description="Anonymises the registrations of the subjects; reports "
                                           "citizen.erasure_completed (idempotent by erasure id)")
    async def on_erasure_requested(request: CitizenErasureRequested) -> None:
        await erase(ports, request, datetime.now(UTC))
