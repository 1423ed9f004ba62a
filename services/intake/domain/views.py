"""What each audience sees of an application."""

from typing import Any

from services.intake.domain.clock import local_iso
from services.intake.domain.timeline import department_name, label, public_timeline
from shared.pii import redact

_INTERNAL = {"_id", "idempotency_key", "body_hash", "outbox", "outbox_pending", "outbox_seq", "outbox_at_ms",
             "timeline", "public_status"}
_TIMES = ("registered_at", "updated_at", "due_at")


def _times(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for e in entries:
        for k in ("at", "due_at"):
            if k in e:
                e[k] = local_iso(e[k])
    return entries


def full_view(doc: dict[str, Any]) -> dict[str, Any]:
    """For the submitting channel, staff and admins: everything, with timeline and trace id."""
    view = {"tracking_no": doc["_id"]}
    view.update({k: v for k, v in doc.items() if k not in _INTERNAL})
    for k in _TIMES:
        view[k] = local_iso(doc.get(k))
    view["status_label"] = label(doc.get("status") or "")
    view["department_name"] = department_name(doc.get("department"))
    view["timeline"] = _times(public_timeline(doc.get("timeline")))
    return view


def public_view(doc: dict[str, Any], service_name: str | None) -> dict[str, Any]:
    """For the citizen's look-up: no name, phone, e-mail, national id, address or channel data."""
    location = doc.get("location") or {}
    return {
        "tracking_no": doc["_id"],
        "kind": doc.get("kind"),
        "service_code": doc.get("service_code"),
        "service_name": service_name,
        "district": location.get("district"),
        "text": redact(doc.get("text")),
        "status": doc.get("status"),
        "status_label": label(doc.get("status") or ""),
        "department_name": department_name(doc.get("department")),
        "registered_at": local_iso(doc.get("registered_at")),
        "updated_at": local_iso(doc.get("updated_at")),
        "due_at": local_iso(doc.get("due_at")),
        "timeline": _times(public_timeline(doc.get("timeline"))),
    }
