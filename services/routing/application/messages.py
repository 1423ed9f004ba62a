"""The messages routing publishes, built from a case document after its change."""

from datetime import UTC, datetime
from typing import Any

from shared.contracts.common import Contact, Location
from shared.contracts.envelope import OutgoingMessage, envelope
from shared.contracts.routing import CaseEscalated, CaseRouted, CaseStatusChanged, CaseWorkItem
from shared.enums import WorkItemReason

PRODUCER = "routing"


def _env(payload, case: dict[str, Any], causation_id: str | None, routing_key: str | None = None) -> OutgoingMessage:
    return envelope(payload, producer=PRODUCER, correlation_id=case["_id"], causation_id=causation_id,
                    routing_key=routing_key)


def routed(case: dict[str, Any], *, causation_id: str | None = None) -> OutgoingMessage:
    return _env(CaseRouted(
        tracking_no=case["_id"], case_version=case["case_version"], occurred_at=case["updated_at"],
        department=case["department"], path=case["path"], confidence=case["confidence"],
        due_at=case["due_at"], urgent=bool(case.get("urgent")), public_note=case.get("public_note"),
    ), case, causation_id)


def status_changed(case: dict[str, Any], *, public_note: str | None, actor_role: str | None,
                   causation_id: str | None = None) -> OutgoingMessage:
    role = actor_role if actor_role in ("channel", "department", "staff", "admin") else None
    return _env(CaseStatusChanged(
        tracking_no=case["_id"], case_version=case["case_version"], occurred_at=case["updated_at"],
        status=case["status"], department=case["department"], public_note=public_note, actor_role=role,
        master_tracking_no=case.get("master_tracking_no") or None,
    ), case, causation_id)


def escalated(case: dict[str, Any], *, escalated_to: str, level: int) -> OutgoingMessage:
    return _env(CaseEscalated(
        tracking_no=case["_id"], case_version=case["case_version"], occurred_at=case["updated_at"],
        department=case["department"], due_at=case["due_at"], escalated_to=escalated_to, level=level,
    ), case, None)


def work_item(case: dict[str, Any], *, reason: WorkItemReason, to: str,
              causation_id: str | None = None) -> OutgoingMessage:
    """The work item for queue `dept.<to>`; `department` names the case's owner (for an escalation
    or an urgent copy sent to the supervisor that is not the supervisor itself)."""
    contact = case.get("contact")
    priority = case.get("priority") or "normal"
    if reason == WorkItemReason.ESCALATED and priority == "normal":
        priority = "high"
    return _env(CaseWorkItem(
        tracking_no=case["_id"], case_version=case["case_version"],
        occurred_at=case.get("updated_at") or datetime.now(UTC), department=case["department"],
        kind=case["kind"], text=case["text"], service_code=case.get("service_code"),
        location=Location.model_validate(case.get("location") or {}), due_at=case["due_at"],
        priority=priority, reason=reason, duplicates_count=int(case.get("duplicates_count") or 0),
        urgent=bool(case.get("urgent")), registered_at=case.get("registered_at"),
        contact=Contact.model_validate(contact) if contact else None,
    ), case, causation_id, routing_key=to)
