"""The metrics ops asks for (issue 7), as OpenTelemetry instruments: scraped at /metrics
(Prometheus names: dots become underscores, units become suffixes, counters end in _total) and
exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Labels never carry personal data."""

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation

_meter = metrics.get_meter("irtibat")


class _Instruments:
    """Created lazily so they bind to the meter provider set up by shared.telemetry."""

    def __init__(self) -> None:
        m = metrics.get_meter("irtibat")
        self.applications = m.create_counter(
            "irtibat.applications", unit="1", description="Applications registered, by channel and kind")
        self.routing_decisions = m.create_counter(
            "irtibat.routing.decisions", unit="1", description="Routing decisions by department and path")
        self.time_to_department = m.create_histogram(
            "irtibat.routing.time_to_department", unit="s",
            description="From registration to the work item published to the department queue")
        self.escalations = m.create_counter("irtibat.escalations", unit="1", description="SLA escalations")
        self.notifications = m.create_counter(
            "irtibat.notifications", unit="1", description="Notifications by channel and outcome (sent/failed/skipped)")
        self.registrations = m.create_counter(
            "irtibat.event_registrations", unit="1", description="Event registrations by outcome")
        self.visitors = m.create_counter("irtibat.visitors", unit="1", description="Visitors counted at the contact area")
        self.dead_lettered = m.create_counter(
            "irtibat.messages.dead_lettered", unit="1", description="Messages parked in a dead-letter queue, by queue")
        self.published = m.create_counter(
            "irtibat.outbox.published", unit="1", description="Outbox messages published with a confirm")


_instruments: _Instruments | None = None


def instruments() -> _Instruments:
    global _instruments
    if _instruments is None:
        _instruments = _Instruments()
    return _instruments


class Gauges:
    """Values computed by periodic tasks (outbox backlog, overdue cases), observed at collection."""

    def __init__(self) -> None:
        self.values: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
        m = metrics.get_meter("irtibat")
        for name, unit, description in [
            ("irtibat.outbox.backlog", "1", "Documents with unsent outbox messages"),
            ("irtibat.outbox.oldest_age", "s", "Age of the oldest unsent outbox message"),
            ("irtibat.cases.overdue", "1", "Open cases past their SLA due time"),
        ]:
            m.create_observable_gauge(name, callbacks=[self._callback(name)], unit=unit, description=description)

    def _callback(self, name: str):
        def observe(_options: CallbackOptions):
            return [Observation(v, dict(labels)) for labels, v in self.values.get(name, {}).items()]

        return observe

    def set(self, name: str, value: float, **labels: str) -> None:
        self.values.setdefault(name, {})[tuple(sorted(labels.items()))] = value


_gauges: Gauges | None = None


def gauges() -> Gauges:
    global _gauges
    if _gauges is None:
        _gauges = Gauges()
    return _gauges
