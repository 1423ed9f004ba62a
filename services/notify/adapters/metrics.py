"""Notify's counters (no personal data in attributes: channel, template and status only)."""

from opentelemetry.metrics import MeterProvider


class NotifyMetrics:
    def __init__(self, meter_provider: MeterProvider):
        meter = meter_provider.get_meter("irtibat.notify")
        self._outcomes = meter.create_counter(
            "notify_notifications", description="Notifications by channel, template and outcome")
        self._doubles = meter.create_counter(
            "notify_possible_doubles",
            description="Sends whose outcome was never recorded (crash between provider and record); "
                        "resending them may have doubled them")
        self.possible_doubles = 0

    def outcome(self, channel: str, template: str, status: str) -> None:
        self._outcomes.add(1, {"channel": channel, "template": template, "status": status})

    def possible_double(self, count: int = 1) -> None:
        if count:
            self.possible_doubles += count
            self._doubles.add(count)
