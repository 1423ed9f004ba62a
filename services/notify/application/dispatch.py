"""Deliver planned notifications exactly once as far as a provider allows.

Each notification is claimed by a unique insert before the provider call and marked after it; a
redelivered source message finds it sent and sends nothing. SMS in quiet hours are stored as
scheduled for the scheduler. Transient provider failures raise (the source message is retried
through its delay queue); permanent ones are recorded once and published as notification.failed.
"""

import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit
from uuid import NAMESPACE_URL, uuid5

from jinja2 import TemplateError

from services.notify.adapters.metrics import NotifyMetrics
from services.notify.adapters.store import SCHEDULED, SKIPPED, Claim, NotifyStore, iso, ms
from services.notify.adapters.templates import Rendered, Templates
from services.notify.application.ports import (
    Clock, Delivery, PermanentDeliveryError, Provider, TransientDeliveryError,
)
from services.notify.domain.contacts import e164
from services.notify.domain.ids import notification_id
from services.notify.domain.plan import EMAIL, OPTED_OUT, SMS, WEBHOOK, Planned, SourceRef
from services.notify.domain.quiet import QuietHours
from shared.contracts.envelope import envelope
from shared.contracts.notify import NotificationFailed, NotificationSent
from shared.erasure import subjects_for
from shared.messaging import RetryLater
from shared.outbox import OutboxRelay
from shared.pii import mask_email, mask_phone

log = logging.getLogger("irtibat.notify.dispatch")


@dataclass(frozen=True)
class Outcome:
    """What notification.sent / .failed say about a notification."""

    notification_id: str
    source_message_id: str
    correlation_id: str | None
    channel: str
    template: str


def masked(channel: str, address: str | None) -> str | None:
    if channel == SMS:
        return mask_phone(address)
    if channel == EMAIL:
        return mask_email(address)
    if channel == WEBHOOK and address:
        return urlsplit(address).netloc
    return None


class Dispatcher:
    def __init__(self, store: NotifyStore, providers: dict[str, Provider], templates: Templates, clock: Clock,
                 quiet: QuietHours, metrics: NotifyMetrics, relay: OutboxRelay | None, *, lease_s: float,
                 secret: str):
        self.store, self.providers, self.templates, self.clock = store, providers, templates, clock
        self.quiet, self.metrics, self.relay, self.lease_s, self.secret = quiet, metrics, relay, lease_s, secret

    async def deliver_all(self, planned: list[Planned], source: SourceRef) -> None:
        """Try every notification; then raise the first transient failure so the source is retried."""
        pending: Exception | None = None
        for item in planned:
            try:
                await self.deliver(item, source)
            except (TransientDeliveryError, RetryLater) as exc:
                pending = pending or exc
        if pending is not None:
            raise pending

    async def deliver(self, item: Planned, source: SourceRef) -> None:
        now = self.clock.now()
        address = e164(item.address) if item.channel == SMS else item.address
        nid = notification_id(source.message_id, address or "-", item.channel)
        base = {"_id": nid, "source_message_id": source.message_id, "source_type": source.message_type,
                "correlation_id": source.correlation_id, "audience": item.audience, "channel": item.channel,
                "template": item.template, "lang": item.lang, "recipient": masked(item.channel, address),
                "created_at": now, "origin": "handler", "reason": None, "possible_double": 0,
                "subjects": self._subjects(item.channel, address) if item.audience == "citizen" else []}
        if item.skip or (item.channel == SMS and await self.store.sms_opted_out(address or "")):
            if await self.store.record({**base, "status": SKIPPED, "reason": item.skip or OPTED_OUT}):
                self.metrics.outcome(item.channel, item.template, SKIPPED)
            return
        content, error = self._render(item)
        if item.channel == SMS and content is not None:
            due = self.quiet.defer_until(now)
            if due and not item.urgent and not (item.send_by and due > item.send_by):
                doc = {**base, "status": SCHEDULED, "origin": "scheduler", "scheduled_for": iso(due),
                       "due_ms": ms(due), "to": address,
                       "body": content.body, "segments": content.segments, "attempts": 0}
                if await self.store.record(doc):
                    self.metrics.outcome(item.channel, item.template, SCHEDULED)
                return
        claim = await self.store.claim(base, now, self.lease_s)
        if claim.outcome == Claim.DONE:
            return
        if claim.outcome == Claim.BUSY:
            raise RetryLater(f"notification {nid} is being sent by another consumer")
        if claim.counted_double:
            self.metrics.possible_double()
        outcome = Outcome(nid, source.message_id, source.correlation_id, item.channel, item.template)
        if content is None:
            await self.fail(outcome, f"template error: {error}")
            return
        delivery = Delivery(nid, item.channel, address or "", content.body, content.subject, item.secret)
        try:
            await self.attempt(delivery, outcome)
        except TransientDeliveryError as exc:
            if not source.last_attempt:
                await self.store.release(nid, str(exc)[:300], self.clock.now())
                raise
            await self.fail(outcome, f"gave up after {source.attempt} attempts: {exc}")
        except Exception as exc:
            await self.store.release(nid, f"{type(exc).__name__}: {exc}"[:300], self.clock.now())
            raise

    def _subjects(self, channel: str, address: str | None) -> list[str]:
        if channel == SMS:
            return subjects_for(self.secret, phones=(address,))
        return subjects_for(self.secret, email=address) if channel == EMAIL else []

    def _render(self, item: Planned) -> tuple[Rendered | None, str | None]:
        try:
            if item.channel == SMS:
                return self.templates.sms(item.template, item.lang, item.context), None
            if item.channel == EMAIL:
                return self.templates.email(item.template, item.context, item.lang), None
            body = json.dumps({"type": item.template, **item.context}, default=str, ensure_ascii=False)
            return Rendered(None, body), None
        except TemplateError as exc:
            log.error("template %s for %s cannot be rendered: %s", item.template, item.channel, exc)
            return None, str(exc)[:200]

    async def attempt(self, delivery: Delivery, outcome: Outcome) -> None:
        """One provider call for a claimed notification; a transient failure is raised unrecorded."""
        try:
            provider_id = await self.providers[delivery.channel].send(delivery)
        except PermanentDeliveryError as exc:
            await self.fail(outcome, str(exc))
            return
        except TransientDeliveryError:
            self.metrics.outcome(outcome.channel, outcome.template, "transient_error")
            raise
        message = envelope(NotificationSent(**outcome.__dict__), producer="notify",
                           correlation_id=outcome.correlation_id, causation_id=outcome.source_message_id,
                           message_id=str(uuid5(NAMESPACE_URL, f"{outcome.notification_id}/sent")))
        doc = await self.store.mark_sent(outcome.notification_id, provider_id, self.clock.now(), message)
        self._submit(doc)
        self.metrics.outcome(outcome.channel, outcome.template, "sent")

    async def fail(self, outcome: Outcome, reason: str) -> None:
        message = envelope(NotificationFailed(**outcome.__dict__, reason=reason), producer="notify",
                           correlation_id=outcome.correlation_id, causation_id=outcome.source_message_id,
                           message_id=str(uuid5(NAMESPACE_URL, f"{outcome.notification_id}/failed")))
        doc = await self.store.mark_failed(outcome.notification_id, reason, self.clock.now(), message)
        self._submit(doc)
        self.metrics.outcome(outcome.channel, outcome.template, "failed")
        log.warning("notification %s failed permanently: %s", outcome.notification_id, reason)

    def _submit(self, doc: dict | None) -> None:
        if doc is not None and self.relay is not None:
            self.relay.submit(doc)
