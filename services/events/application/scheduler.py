"""Background duties every copy of the service runs: reminders and finishing cancellations.

Copies run them side by side; each registration's reminder is claimed by one conditional update
(`reminder_sent: 0 → 1` together with its outbox message), so only one copy sends it.
"""

import logging
from datetime import datetime
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.propagate import extract

from services.events.application import messages
from services.events.application.errors import Conflict, NotFound
from services.events.application.places import cancel, send_promotion
from services.events.application.ports import Ports
from services.events.application.privacy import apply_retention
from services.events.domain.model import CancelReason
from services.events.domain.timeutil import ts
from shared.outbox import outbox_update

log = logging.getLogger("irtibat.events.scheduler")
_tracer = trace.get_tracer("irtibat.events")


class _Context:
    """Events and sessions read once per round."""

    def __init__(self, ports: Ports):
        self.ports = ports
        self.cache: dict[str, Any] = {}

    async def get(self, reg: dict[str, Any]):
        if reg["event_id"] not in self.cache:
            self.cache[reg["event_id"]] = await self.ports.events.get_event(reg["event_id"])
        if reg["session_id"] not in self.cache:
            self.cache[reg["session_id"]] = await self.ports.events.get_session(reg["session_id"])
        return self.cache[reg["event_id"]], self.cache[reg["session_id"]]


async def send_due_reminders(ports: Ports, now: datetime, lead_s: float) -> int:
    """Claim and queue `event.reminder.due` for every confirmed person whose session is near."""
    context, sent = _Context(ports), 0
    for reg in await ports.registrations.reminders_due(ts(now), lead_s):
        event, session = await context.get(reg)
        if event is None or session is None:
            continue
        with _linked_span("events.reminder", reg):
            msg = messages.reminder(event, session, reg, reg["version"])
            doc = await ports.registrations.claim_reminder(reg["_id"], outbox_update([msg]))
        if doc is not None:
            ports.publish_after(doc)
            sent += 1
    return sent


def _linked_span(name: str, reg: dict[str, Any]):
    """A new trace for scheduled work, linked to the trace of the registration it is about."""
    parent = trace.get_current_span(extract(reg.get("trace_context") or {})).get_span_context()
    links = [trace.Link(parent)] if parent.is_valid else []
    return _tracer.start_as_current_span(name, context=Context(), links=links,
                                         attributes={"irtibat.correlation_id": reg["_id"]})


async def finish_cancellations(ports: Ports, now: datetime) -> int:
    """Cancel every active registration of cancelled events (resumes after a crash)."""
    cancelled = 0
    for event in await ports.events.cascade_pending():
        for _ in range(100):  # bounded: a registration that keeps failing waits for the next round
            regs = await ports.registrations.active_of_event(event["_id"])
            if not regs:
                await ports.events.cascade_done(event["_id"])
                break
            for reg in regs:
                try:
                    await cancel(ports, reg["_id"], CancelReason.EVENT_CANCELLED, now, promote_next=False)
                    cancelled += 1
                except (Conflict, NotFound):
                    pass  # cancelled meanwhile by its owner or another copy
    return cancelled


async def finish_promotions(ports: Ports, now: datetime, grace_s: float = 10.0) -> int:
    """Promotions whose message a crash left unwritten (the writer normally adds it at once)."""
    docs = await ports.registrations.unfinished_promotions(ts(now) - grace_s)
    for doc in docs:
        await send_promotion(ports, doc)
    return len(docs)


async def run_once(ports: Ports, now: datetime, lead_s: float, retention_s: float) -> dict[str, int]:
    return {"reminders": await send_due_reminders(ports, now, lead_s),
            "cancelled": await finish_cancellations(ports, now),
            "promotions": await finish_promotions(ports, now),
            "anonymised": await apply_retention(ports, now, retention_s)}
