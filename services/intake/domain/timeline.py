"""The public timeline of an application and the status the citizen sees.

Kept as a map keyed by the zero-padded case version (not an array: see shared/mongo.py); a case
message is applied only when its `case_version` is newer than the one held.
"""

from datetime import datetime
from typing import Any

from shared.enums import DEPARTMENT_NAMES_TR, CaseStatus, Department
from shared.pii import redact

RECEIVED = "received"
ESCALATED = "escalated"
CLOSED = frozenset({CaseStatus.RESOLVED.value, CaseStatus.REJECTED.value, CaseStatus.DUPLICATE.value})

LABELS: dict[str, tuple[str, str]] = {
    RECEIVED: ("Başvurunuz alındı", "Application received"),
    CaseStatus.ROUTED.value: ("İlgili birime iletildi", "Forwarded to the responsible department"),
    CaseStatus.ACKNOWLEDGED.value: ("Birim başvurunuzu aldı", "The department has taken it up"),
    CaseStatus.IN_PROGRESS.value: ("Üzerinde çalışılıyor", "In progress"),
    CaseStatus.RESOLVED.value: ("Çözüldü", "Resolved"),
    CaseStatus.REJECTED.value: ("Sonuçlandırıldı (yapılamadı)", "Closed (could not be done)"),
    CaseStatus.REASSIGNED.value: ("Başka birime yönlendirildi", "Reassigned to another department"),
    CaseStatus.DUPLICATE.value: ("Daha önceki bir başvuruyla birleştirildi", "Merged with an earlier application"),
    ESCALATED: ("Süre aşıldı, üst yöneticiye iletildi", "Overdue: escalated to a supervisor"),
}


def timeline_key(version: int) -> str:
    return f"{version:06d}"


def department_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return DEPARTMENT_NAMES_TR[Department(code)]
    except ValueError:
        return code


def public_status(status: str) -> str:
    """Open311's two states."""
    return "closed" if status in CLOSED else "open"


def received_entry(at: datetime) -> dict[str, Any]:
    return {"at": at, "event": RECEIVED, "status": RECEIVED}


def case_update(event: str, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(`$set` fields when the message is the newest the application has seen, its timeline entry).

    An escalation keeps the case's status; it only adds to the timeline and moves the deadline.
    """
    version = payload["case_version"]
    department = payload.get("department")
    entry: dict[str, Any] = {"at": payload["occurred_at"], "event": event, "department": department}
    fields: dict[str, Any] = {"case_version": version, "updated_at": payload["occurred_at"],
                              "department": department}
    if event == "case.routed":
        status = CaseStatus.ROUTED.value
        entry["due_at"] = fields["due_at"] = payload.get("due_at")
    elif event == "case.status_changed":
        status = payload["status"]
        if payload.get("public_note"):
            entry["note"] = payload["public_note"]
        fields["status_note"] = payload.get("public_note")
        if payload.get("master_tracking_no"):
            entry["master_tracking_no"] = fields["master_tracking_no"] = payload["master_tracking_no"]
    elif event == "case.escalated":
        status = ESCALATED
        entry["due_at"] = fields["due_at"] = payload.get("due_at")
        entry["level"] = fields["escalation_level"] = payload.get("level")
    else:
        raise ValueError(f"not a case event: {event}")
    entry["status"] = status
    if status != ESCALATED:
        fields["status"] = status
        fields["public_status"] = public_status(status)
    fields[f"timeline.{timeline_key(version)}"] = entry
    return fields, entry


def label(status: str) -> dict[str, str]:
    tr, en = LABELS.get(status, (status, status))
    return {"tr": tr, "en": en}


def public_timeline(timeline: dict[str, dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Oldest first, no personal data: notes are redacted, no actor names."""
    out = []
    for key in sorted(timeline or {}):
        entry = timeline[key]
        item = {"at": entry.get("at"), "event": entry.get("event"), "status": entry.get("status"),
                "label": label(entry.get("status") or ""),
                "department": entry.get("department"), "department_name": department_name(entry.get("department"))}
        if entry.get("note"):
            item["note"] = redact(entry["note"])
        if entry.get("due_at"):
            item["due_at"] = entry["due_at"]
        out.append(item)
    return out
