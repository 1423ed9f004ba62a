"""Which notifications a source message produces: pure decisions, no I/O.

A citizen hears only on channels they consented to; a channel without consent is recorded as
skipped so the delivery log shows why nothing went out.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

SMS, EMAIL, WEBHOOK, NONE = "sms", "email", "webhook", "none"
NO_CONSENT, NO_CONTACT, OPTED_OUT = "no consent", "no contact", "opted out"

STATUS_TEMPLATES = {"resolved": "case_resolved", "rejected": "case_rejected", "duplicate": "case_duplicate"}
EVENT_TEMPLATES = {
    "event.registration.confirmed": "event_confirmed",
    "event.registration.waitlisted": "event_waitlisted",
    "event.registration.promoted": "event_promoted",
    "event.registration.cancelled": "event_cancelled",
    "event.reminder.due": "event_reminder",
}


@dataclass(frozen=True)
class CitizenContact:
    phone: str | None = None
    email: str | None = None
    notify_sms: bool = False
    notify_email: bool = False
    lang: str = "tr"


@dataclass(frozen=True)
class DepartmentTarget:
    code: str
    webhook_url: str | None = None
    emails: tuple[str, ...] = ()
    webhook_secret: str | None = None


@dataclass(frozen=True)
class Planned:
    template: str
    channel: str
    address: str | None
    context: dict[str, Any]
    lang: str = "tr"
    urgent: bool = False
    # A non-urgent SMS deferred by quiet hours must still arrive before this (event sessions).
    send_by: datetime | None = None
    skip: str | None = None
    secret: str | None = None
    audience: str = "citizen"

    @property
    def recipient_key(self) -> str:
        return self.address or "-"


def for_citizen(template: str, contact: CitizenContact, context: dict[str, Any], *, urgent: bool = False,
                send_by: datetime | None = None) -> list[Planned]:
    common = dict(context=context, lang=contact.lang, urgent=urgent, send_by=send_by)
    planned = []
    for channel, address, consented in ((SMS, contact.phone, contact.notify_sms),
                                        (EMAIL, contact.email, contact.notify_email)):
        if address:
            planned.append(Planned(template, channel, address, skip=None if consented else NO_CONSENT, **common))
    if not planned:
        planned.append(Planned(template, NONE, None, skip=NO_CONTACT, **common))
    return planned


def for_departments(template: str, targets: list[DepartmentTarget], context: dict[str, Any]) -> list[Planned]:
    planned = []
    for target in targets:
        ctx = {**context, "target": target.code}
        if target.webhook_url:
            planned.append(Planned(template, WEBHOOK, target.webhook_url, ctx, urgent=True,
                                   secret=target.webhook_secret, audience="department"))
        for address in target.emails:
            planned.append(Planned(template, EMAIL, address, ctx, urgent=True, audience="department"))
    return planned


def case_template(message_type: str, payload: dict[str, Any]) -> str | None:
    """The citizen template for a case message, or None when the citizen is not told."""
    if message_type == "case.routed":
        return "case_routed"
    if message_type == "case.status_changed":
        return STATUS_TEMPLATES.get(payload.get("status", ""))
    return None


@dataclass
class SourceRef:
    """The message a notification answers: its id makes the notification's identity."""

    message_id: str
    message_type: str
    correlation_id: str | None
    # The source message's last delivery attempt: a transient failure now is recorded as final.
    attempt: int = 1
    last_attempt: bool = False
