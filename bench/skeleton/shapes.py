"""What each skeleton process consumes, writes and publishes, per shape."""

from dataclasses import dataclass, field

EXCHANGE = "skeleton"
SINK_QUEUE = "skeleton.dept"
WORK = "work"  # the routing key of the work item, bound to the sink's queue


@dataclass(frozen=True)
class Hop:
    """A consumer: per message one write to `collection` ("insert" a document of its own, or
    "update" the application's document) and one confirmed publish per key in `publishes`."""

    queue: str
    binds: tuple[str, ...]
    write: str
    collection: str
    publishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shape:
    name: str
    summary: str
    # process label -> the hops it consumes; "entry" also takes HTTP, inserts and publishes "registered"
    processes: dict[str, tuple[Hop, ...]] = field(default_factory=dict)

    def hops(self) -> list[Hop]:
        return [hop for hops in self.processes.values() for hop in hops]

    def deliveries_per_application(self) -> int:
        """Queue deliveries per application: each hop's bound keys, and the work item to the sink."""
        return sum(len(hop.binds) for hop in self.hops()) + 1

    def writes_per_application(self) -> int:
        return 1 + sum(len(hop.binds) for hop in self.hops())


ROUTING_TWO_HOP = Hop("skeleton.routing", ("registered",), "insert", "cases", (WORK,))

SHAPES = {
    "two-hop": Shape(
        "two-hop",
        "HTTP → insert + confirmed publish → consumer → insert + confirmed publish → department queue",
        {"entry": (), "routing": (ROUTING_TWO_HOP,)}),
    "design": Shape(
        "design",
        "the real pipeline's flow per application: HTTP → insert + publish registered; routing consumes it, "
        "inserts, publishes the work item and routed; notify consumes registered and routed, inserting for "
        "each; the entry process consumes routed and updates the application (intake's status view)",
        {"entry": (Hop("skeleton.intake", ("routed",), "update", "applications"),),
         "routing": (Hop("skeleton.routing", ("registered",), "insert", "cases", (WORK, "routed")),),
         "notify": (Hop("skeleton.notify", ("registered", "routed"), "insert", "notifications"),)}),
}
