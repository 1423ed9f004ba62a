"""Messages notify produces."""

from pydantic import Field

from shared.contracts.common import Contract


class NotificationOutcome(Contract):
    notification_id: str
    source_message_id: str
    correlation_id: str | None = None
    channel: str = Field(..., examples=["sms", "email", "webhook"])
    template: str
    reason: str | None = None


class NotificationSent(NotificationOutcome):
    pass


class NotificationFailed(NotificationOutcome):
    pass
