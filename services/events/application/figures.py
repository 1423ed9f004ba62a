"""Visitor counts and the figures staff read: per day, per event, per type, since opening."""

from datetime import datetime, timedelta
from typing import Any

from services.events.adapters.registrations import RegistrationStore
from services.events.domain.model import RegistrationStatus
from services.events.domain.timeutil import local_day, ts
from shared.metrics import instruments


async def record_visit(store: RegistrationStore, *, count: int, at: datetime, event_id: str | None,
                       source: str, idempotency_key: str | None, visit_id: str) -> bool:
    doc_id = f"{source}:{idempotency_key}" if idempotency_key else visit_id
    added = await store.add_visit({"_id": doc_id, "count": count, "at_ts": ts(at), "day": local_day(at),
                                   "event_id": event_id, "source": source})
    if added:
        instruments().visitors.add(count, {"source": source})
    return added


async def visit_figures(store: RegistrationStore, now: datetime, baseline: int, days: int = 30) -> dict[str, Any]:
    since_day = local_day(now - timedelta(days=days - 1))
    per_day = await store.visits_by("day", {"day": {"$gte": since_day}})
    total = sum((await store.visits_by("source", {})).values())
    return {
        "today": per_day.get(local_day(now), 0),
        "since_opening": baseline + total,
        "recorded": total,
        "per_day": dict(sorted(per_day.items())),
        "per_event": await store.visits_by("event_id", {"event_id": {"$ne": None}}),
    }


async def _registration_figures(store: RegistrationStore, field: str, now: datetime) -> dict[str, dict[str, int]]:
    figures: dict[str, dict[str, int]] = {}

    def put(name: str, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            figures.setdefault(key, {"confirmed": 0, "waitlisted": 0, "cancelled": 0, "checked_in": 0,
                                     "no_shows": 0})[name] = n

    for status in RegistrationStatus:
        put(status.value, await store.count_by(field, {"status": status.value}))
    put("checked_in", await store.count_by(field, {"checked_in": 1}))
    put("no_shows", await store.count_by(field, {"status": RegistrationStatus.CONFIRMED.value, "checked_in": 0,
                                                 "session_end_ts": {"$lt": ts(now)}}))
    for row in figures.values():
        row["registrations"] = row["confirmed"] + row["waitlisted"] + row["cancelled"]
    return figures


async def stats(store: RegistrationStore, now: datetime, baseline: int) -> dict[str, Any]:
    visits = await visit_figures(store, now, baseline, days=1)
    return {
        "visitors": {"today": visits["today"], "total": visits["since_opening"]},
        "per_event": await _registration_figures(store, "event_id", now),
        "per_type": await _registration_figures(store, "event_type", now),
    }
