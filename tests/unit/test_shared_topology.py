import pytest

from shared import topology
from shared.enums import Department

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("pattern,key,expected", [
    ("intake.submit.*", "intake.submit.web", True),
    ("intake.submit.*", "intake.submit", False),
    ("intake.submit.*", "intake.submit.web.extra", False),
    ("event.#", "event.registration.confirmed", True),
    ("event.#", "event", True),
    ("event.#", "events.x", False),
    ("case.routed", "case.routed", True),
    ("case.routed", "case.escalated", False),
])
def test_topic_matching_follows_rabbitmq_rules(pattern, key, expected):
    assert topology._topic_matches(pattern, key) is expected


def test_every_department_has_a_queue_bound_to_its_code():
    names = {q.name: q for q in topology.DEPARTMENT_QUEUES}
    for dept in Department:
        queue = names[f"dept.{dept.value}"]
        assert queue.bindings == (topology.Binding(topology.DEPARTMENTS, dept.value),)


def test_queue_names_are_unique_and_follow_service_purpose():
    names = [q.name for q in topology.CONSUMER_QUEUES]
    assert len(names) == len(set(names))
    for q in topology.CONSUMER_QUEUES:
        assert q.name.split(".")[0] in {"intake", "routing", "notify", "events", "dept", "ops"}


def test_queue_for_delivery_finds_the_queue_and_retries_by_default_exchange():
    queues = [topology.NOTIFY_APPLICATIONS, topology.NOTIFY_EVENT_EVENTS]
    assert topology.queue_for_delivery(queues, topology.EVENTS, "case.routed") is topology.NOTIFY_APPLICATIONS
    assert topology.queue_for_delivery(queues, topology.EVENTS, "request.registered") is topology.NOTIFY_APPLICATIONS
    assert topology.queue_for_delivery(queues, topology.EVENTS, "event.reminder.due") is topology.NOTIFY_EVENT_EVENTS
    assert topology.queue_for_delivery(queues, "", "notify.applications") is topology.NOTIFY_APPLICATIONS
    assert topology.queue_for_delivery(queues, topology.EVENTS, "catalogue.changed") is None


def test_work_queues_dead_letter_to_their_dlq_and_retry_queues_return_to_work():
    q = topology.ROUTING_REQUEST_REGISTERED
    args = topology.queue_arguments(q)
    assert args["x-queue-type"] == "quorum" and args["x-delivery-limit"] > 0
    assert (args["x-dead-letter-exchange"], args["x-dead-letter-routing-key"]) == (topology.DLX, q.name)
    retry = topology.retry_queue_arguments(q)
    assert retry == {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": q.name}


def test_definitions_document_covers_every_queue_with_retry_and_dlq():
    doc = topology.definitions()
    queue_names = {q["name"] for q in doc["queues"]}
    for q in topology.CONSUMER_QUEUES:
        assert {q.name, q.retry, q.dlq} <= queue_names
    dlq_bindings = {(b["destination"], b["routing_key"]) for b in doc["bindings"] if b["source"] == topology.DLX}
    assert all((q.dlq, q.name) in dlq_bindings for q in topology.CONSUMER_QUEUES)


def test_every_event_a_service_publishes_has_a_route():
    from shared.contracts.registry import MESSAGE_TYPES

    for t in MESSAGE_TYPES.values():
        if t.exchange != topology.EVENTS:
            continue
        routed = [q for q in topology.CONSUMER_QUEUES if any(
            topology.binding_matches(b, t.exchange, t.name) for b in q.bindings)]
        assert routed, f"{t.name} would be unroutable (mandatory publishes fail)"


def test_ops_sink_is_bounded_and_drops_oldest():
    args = topology.queue_arguments(topology.OPS_NOTIFICATION_OUTCOMES)
    assert args["x-max-length"] == 100_000 and args["x-overflow"] == "drop-head"
