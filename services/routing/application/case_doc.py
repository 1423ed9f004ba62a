"""The case document: one per application, `_id` = tracking number, with its history as a map
keyed by zero-padded version and its outgoing messages in the same document (the outbox)."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from services.routing.domain.access import Actor
from services.routing.domain.decision import Decision
from services.routing.domain.duplicates import cell_key, cell_size_deg, neighbourhood_key, text_keys, text_tokens
from services.routing.domain.lifecycle import history_key
from services.routing.domain.sla import SlaPolicy
from services.routing.domain.turkish import fold
from shared.contracts.intake import RequestRegistered

# Closed cases never come due: the scheduler's indexed query then needs no status condition.
NEVER = datetime(2999, 1, 1, tzinfo=UTC)


def next_escalation(moment: datetime) -> dict[str, Any]:
    """When the case comes due for (the next) escalation; the number is what the scheduler queries
    (a datetime written by `$set` reads back as a string on nx-27017)."""
    return {"escalate_at": moment, "escalate_ts": moment.timestamp()}


def history_entry(version: int, *, event: str, status: str, department: str, at: datetime, actor: Actor,
                  note: str | None = None, **extra: Any) -> dict[str, Any]:
    entry = {"version": version, "event": event, "status": status, "department": department, "at": at,
             "actor_role": str(actor.role), "actor_key": actor.key_id, "via": actor.via, "note": note}
    entry.update({k: v for k, v in extra.items() if v is not None})
    return entry


# Keys under which an open case can be found as a duplicate master; emptied when it closes.
NOT_MATCHABLE = {"dup_cell": "", "dup_t1": "", "dup_t2": ""}


def duplicate_keys(service_code: str | None, lat: float | None, lon: float | None, nbh: str | None,
                   tokens: list[str], radius_m: float) -> dict[str, str]:
    cell = cell_key(service_code, lat, lon, cell_size_deg(radius_m)) if (
        service_code and lat is not None and lon is not None) else ""
    keys = text_keys(nbh, tokens) or ["", ""]
    return {"dup_cell": cell, "dup_t1": keys[0], "dup_t2": keys[1]}


def _subjects(contact: dict[str, Any] | None, subject: Callable[[str], str] | None) -> dict[str, str]:
    """Erasure look-up keys (HMAC, shared/erasure.py) of the contact routing keeps, if any."""
    phone = (contact or {}).get("phone")
    email = ((contact or {}).get("email") or "").strip().lower()
    if subject is None:
        return {"subject_phone": "", "subject_email": ""}
    return {"subject_phone": subject(phone) if phone else "", "subject_email": subject(email) if email else ""}


def new_case(req: RequestRegistered, decision: Decision, *, policy: SlaPolicy, due: datetime, now: datetime,
             trace_context: dict[str, str], radius_m: float = 150.0,
             subject: Callable[[str], str] | None = None) -> dict[str, Any]:
    loc = req.location
    tokens = text_tokens(req.text)
    nbh = neighbourhood_key(loc.district, loc.neighbourhood)
    citizen = req.citizen
    contact = None
    if req.consent.department_contact and (citizen.name or citizen.phone or citizen.email):
        contact = {"name": citizen.name, "phone": citizen.phone, "email": citizen.email}
    urgent = decision.urgent
    return {
        "_id": req.tracking_no, "tracking_no": req.tracking_no, "case_version": 1,
        "kind": str(req.kind), "channel": str(req.channel), "text": req.text, "service_code": req.service_code,
        "location": loc.model_dump(), "district_key": fold(loc.district or ""),
        "nbh_key": nbh or "", "lat": loc.lat, "lon": loc.lon, "tokens": tokens,
        # Erasure keys of the citizen even without a kept contact: the text and address may name them.
        "contact": contact, **_subjects(citizen.model_dump(), subject),
        **duplicate_keys(req.service_code, loc.lat, loc.lon, nbh, tokens, radius_m),
        "registered_at": req.registered_at, "registered_ts": req.registered_at.timestamp(),
        "opened_at": now, "updated_at": now,
        "department": decision.department, "path": str(decision.path), "confidence": round(decision.confidence, 4),
        "reason": decision.reason, "alternatives": [[d, round(s, 4)] for d, s in decision.alternatives],
        "rule_id": decision.rule_id, "model_version": decision.model_version,
        "urgent": 1 if urgent else 0, "emergency": decision.emergency, "priority": "urgent" if urgent else "normal",
        "due_at": due, "sla": policy.as_doc(), "escalation_level": 0, **next_escalation(due),
        "duplicates_count": 0, "links": {}, "commands": {}, "master_tracking_no": "",
        "trace_context": trace_context, "trace_id": req.trace_id, "history": {},
    }


def opened(doc: dict[str, Any], actor: Actor, public_note: str | None) -> dict[str, Any]:
    doc.update(status="routed", open=1, public_note=public_note)
    doc["history"][history_key(1)] = history_entry(
        1, event="routed", status="routed", department=doc["department"], at=doc["opened_at"], actor=actor,
        path=doc["path"], reason=doc["reason"])
    return doc


def linked(doc: dict[str, Any], master: dict[str, Any], actor: Actor, public_note: str) -> dict[str, Any]:
    doc.update(status="duplicate", open=0, **next_escalation(NEVER), **NOT_MATCHABLE, master_tracking_no=master["_id"],
               department=master["department"], public_note=public_note)
    doc["history"][history_key(1)] = history_entry(
        1, event="linked", status="duplicate", department=doc["department"], at=doc["opened_at"], actor=actor,
        master_tracking_no=master["_id"], reason=doc["reason"])
    return doc


PRIVATE_FIELDS = ("outbox", "outbox_pending", "outbox_seq", "outbox_at_ms", "commands", "tokens", "trace_context",
                  "links", "nbh_key", "district_key", "escalate_ts", "registered_ts", "dup_cell", "dup_t1", "dup_t2",
                  "subject_phone", "subject_email")
