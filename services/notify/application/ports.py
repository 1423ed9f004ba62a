"""What the use cases need from the outside world: providers, a clock, storage."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class DeliveryError(Exception):
    """A provider did not accept a notification."""


class TransientDeliveryError(DeliveryError):
    """Timeout, connection failure, 5xx, 429: the same request may succeed later."""


class PermanentDeliveryError(DeliveryError):
    """4xx, invalid address: the same request will never succeed."""


@dataclass(frozen=True)
class Delivery:
    notification_id: str
    channel: str
    to: str
    body: str
    subject: str | None = None
    secret: str | None = None  # webhooks: the signing secret


class Provider(Protocol):
    channel: str

    async def send(self, delivery: Delivery) -> str:
        """Hand the notification to the provider; returns the provider's id for it."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
