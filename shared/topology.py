"""Every exchange, queue and routing key name, and the one idempotent declaration routine.

Every service runs `declare_topology` at start-up for the whole topology, so nothing a producer
publishes is unroutable because its consumer has not started yet.
"""

from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel

from shared.enums import Department

EVENTS = "irtibat.events"
COMMANDS = "irtibat.commands"
DEPARTMENTS = "irtibat.departments"
DLX = "irtibat.dlx"

EXCHANGES: dict[str, aio_pika.ExchangeType] = {
    EVENTS: aio_pika.ExchangeType.TOPIC,
    COMMANDS: aio_pika.ExchangeType.TOPIC,
    DEPARTMENTS: aio_pika.ExchangeType.DIRECT,
    DLX: aio_pika.ExchangeType.DIRECT,
}

# Quorum queues also dead-letter by themselves after this many deliveries: a safety net under
# the consumers' own retry counting.
DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class Binding:
    exchange: str
    routing_key: str


@dataclass(frozen=True)
class ConsumerQueue:
    name: str
    bindings: tuple[Binding, ...]
    service: str = field(default="")
    # A bound on queues nothing in İrtibat consumes (ops sinks): the oldest are dropped first.
    max_length: int | None = None

    @property
    def retry(self) -> str:
        return f"{self.name}.retry"

    @property
    def dlq(self) -> str:
        return f"{self.name}.dlq"


def _q(name: str, *bindings: tuple[str, str]) -> ConsumerQueue:
    return ConsumerQueue(name, tuple(Binding(e, k) for e, k in bindings), service=name.split(".")[0])


def department_queue(code: str) -> str:
    return f"dept.{code}"


def submit_key(channel: str) -> str:
    return f"intake.submit.{channel}"


def case_update_key(department: str) -> str:
    return f"case.update.{department}"


INTAKE_SUBMIT = _q("intake.submit", (COMMANDS, "intake.submit.*"))
INTAKE_CASE_EVENTS = _q(
    "intake.case-events",
    (EVENTS, "case.routed"), (EVENTS, "case.status_changed"), (EVENTS, "case.escalated"),
)
INTAKE_ERASURE_COMPLETED = _q("intake.erasure-completed", (EVENTS, "citizen.erasure_completed"))
ROUTING_REQUEST_REGISTERED = _q("routing.request-registered", (EVENTS, "request.registered"))
ROUTING_CATALOGUE = _q("routing.catalogue-changed", (EVENTS, "catalogue.changed"))
ROUTING_CASE_UPDATE = _q("routing.case-update", (COMMANDS, "case.update.*"))
# One queue for an application's registration and its case events: request.registered is enqueued
# here before routing even receives its own copy, so a case event never overtakes it in the queue
# (with two queues a lagging notify saw case.routed first and retried it, measured 3.9 times per
# application under load).
NOTIFY_APPLICATIONS = _q(
    "notify.applications",
    (EVENTS, "request.registered"),
    (EVENTS, "case.routed"), (EVENTS, "case.status_changed"), (EVENTS, "case.escalated"),
)
NOTIFY_EVENT_EVENTS = _q("notify.event-events", (EVENTS, "event.#"))
# notification.sent/.failed are for ops (dashboards, audits): kept here, bounded, so the
# confirmed, mandatory publish always has a route.
OPS_NOTIFICATION_OUTCOMES = ConsumerQueue(
    "ops.notification-outcomes", (Binding(EVENTS, "notification.#"),), service="ops", max_length=100_000)


def _per_service(purpose: str, key: str, services: tuple[str, ...]) -> list[ConsumerQueue]:
    return [_q(f"{svc}.{purpose}", (EVENTS, key)) for svc in services]


APIKEY_QUEUES = _per_service("apikey-changed", "apikey.changed", ("routing", "notify", "events"))
ERASURE_QUEUES = _per_service(
    "erasure-requested", "citizen.erasure_requested", ("routing", "notify", "events")
)

DEPARTMENT_QUEUES = [
    ConsumerQueue(department_queue(d.value), (Binding(DEPARTMENTS, d.value),), service="departments")
    for d in Department
]

CONSUMER_QUEUES: list[ConsumerQueue] = [
    INTAKE_SUBMIT, INTAKE_CASE_EVENTS, INTAKE_ERASURE_COMPLETED,
    ROUTING_REQUEST_REGISTERED, ROUTING_CATALOGUE, ROUTING_CASE_UPDATE,
    NOTIFY_APPLICATIONS, NOTIFY_EVENT_EVENTS, OPS_NOTIFICATION_OUTCOMES,
    *APIKEY_QUEUES, *ERASURE_QUEUES, *DEPARTMENT_QUEUES,
]
QUEUES_BY_NAME = {q.name: q for q in CONSUMER_QUEUES}


def queue_arguments(queue: ConsumerQueue) -> dict:
    arguments = {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": DLX,
        "x-dead-letter-routing-key": queue.name,
    }
    if queue.max_length:
        arguments.update({"x-max-length": queue.max_length, "x-overflow": "drop-head"})
    return arguments


def retry_queue_arguments(queue: ConsumerQueue) -> dict:
    # Messages wait here for their own per-message expiration, then dead-letter straight back
    # to the work queue through the default exchange.
    return {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue.name}


def dlq_arguments() -> dict:
    return {"x-queue-type": "quorum"}


def _topic_matches(pattern: str, key: str) -> bool:
    p, k = pattern.split("."), key.split(".")

    def match(i: int, j: int) -> bool:
        if i == len(p):
            return j == len(k)
        if p[i] == "#":
            return any(match(i + 1, jj) for jj in range(j, len(k) + 1))
        if j == len(k):
            return False
        return (p[i] == "*" or p[i] == k[j]) and match(i + 1, j + 1)

    return match(0, 0)


def binding_matches(binding: Binding, exchange: str, routing_key: str) -> bool:
    if binding.exchange != exchange:
        return False
    if EXCHANGES[exchange] == aio_pika.ExchangeType.TOPIC:
        return _topic_matches(binding.routing_key, routing_key)
    return binding.routing_key == routing_key


def queue_for_delivery(candidates: list[ConsumerQueue], exchange: str, routing_key: str) -> ConsumerQueue | None:
    """Which of a service's queues a delivery came from (retries come back by the default exchange)."""
    for queue in candidates:
        if exchange == "" and routing_key == queue.name:
            return queue
        if any(binding_matches(b, exchange, routing_key) for b in queue.bindings):
            return queue
    return None


async def declare_topology(channel: AbstractChannel) -> None:
    """Declare every exchange and queue with its bindings. Idempotent: safe on every start-up."""
    exchanges = {}
    for name, kind in EXCHANGES.items():
        exchanges[name] = await channel.declare_exchange(name, kind, durable=True)
    for queue in CONSUMER_QUEUES:
        work = await channel.declare_queue(queue.name, durable=True, arguments=queue_arguments(queue))
        for binding in queue.bindings:
            await work.bind(exchanges[binding.exchange], routing_key=binding.routing_key)
        await channel.declare_queue(queue.retry, durable=True, arguments=retry_queue_arguments(queue))
        dlq = await channel.declare_queue(queue.dlq, durable=True, arguments=dlq_arguments())
        await dlq.bind(exchanges[DLX], routing_key=queue.name)


async def declare_topology_at(url: str) -> None:
    connection = await aio_pika.connect(url)
    try:
        async with connection.channel() as channel:
            await declare_topology(channel)
    finally:
        await connection.close()


def definitions() -> dict:
    """The topology as a RabbitMQ definitions document (deploy/rabbitmq/definitions.json)."""
    vhost = "/"
    exchanges = [
        {"name": n, "vhost": vhost, "type": t.value, "durable": True, "auto_delete": False,
         "internal": False, "arguments": {}}
        for n, t in EXCHANGES.items()
    ]
    queues, bindings = [], []
    for q in CONSUMER_QUEUES:
        queues.append({"name": q.name, "vhost": vhost, "durable": True, "auto_delete": False,
                       "arguments": queue_arguments(q)})
        queues.append({"name": q.retry, "vhost": vhost, "durable": True, "auto_delete": False,
                       "arguments": retry_queue_arguments(q)})
        queues.append({"name": q.dlq, "vhost": vhost, "durable": True, "auto_delete": False,
                       "arguments": dlq_arguments()})
        for b in q.bindings:
            bindings.append({"source": b.exchange, "vhost": vhost, "destination": q.name,
                             "destination_type": "queue", "routing_key": b.routing_key, "arguments": {}})
        bindings.append({"source": DLX, "vhost": vhost, "destination": q.dlq,
                         "destination_type": "queue", "routing_key": q.name, "arguments": {}})
    return {"vhosts": [{"name": vhost}], "exchanges": exchanges, "queues": queues, "bindings": bindings}
