"""What departments and other services receive: work items, case events, public notes."""

from datetime import UTC, datetime

import pytest

from services.routing.application import messages, notes
from services.routing.application.case_doc import new_case, opened
from services.routing.domain.access import SYSTEM
from services.routing.domain.decision import Decision
from services.routing.domain.sla import PETITION_DEFAULT
from shared.contracts.intake import RequestRegistered
from shared.enums import RoutingPath, WorkItemReason

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def case(consent: bool, emergency: str | None = None) -> dict:
    request = RequestRegistered.model_validate({
        "tracking_no": "153-2026-000042", "kind": "complaint", "text": "çöp alınmadı", "channel": "phone",
        "registered_at": NOW, "location": {"district": "Talas", "neighbourhood": "Mevlana", "lat": 38.7, "lon": 35.5},
        "citizen": {"name": "Ayşe Yılmaz", "phone": "+905321234567", "national_id": "10000000146"},
        "consent": {"kvkk_ack": True, "department_contact": consent}})
    decision = Decision("cevre", RoutingPath.CLASSIFIER, 0.91, "classifier", [("cevre", 0.91)], emergency=emergency)
    doc = new_case(request, decision, policy=PETITION_DEFAULT, due=NOW, now=NOW, trace_context={})
    return opened(doc, SYSTEM, notes.URGENT if emergency else None)


def test_work_item_goes_to_the_department_key_with_contact_only_with_consent():
    with_consent = messages.work_item(case(True), reason=WorkItemReason.NEW, to="cevre")
    assert (with_consent.exchange, with_consent.routing_key, with_consent.type) == (
        "irtibat.departments", "cevre", "case.work_item")
    assert with_consent.correlation_id == "153-2026-000042"
    body = with_consent.payload()
    assert body["contact"] == {"name": "Ayşe Yılmaz", "phone": "+905321234567", "email": None}
    assert "national_id" not in str(body) and body["case_version"] == 1 and body["priority"] == "normal"
    without = messages.work_item(case(False), reason=WorkItemReason.NEW, to="cevre").payload()
    assert without["contact"] is None


def test_case_doc_keeps_no_contact_without_consent():
    assert case(False)["contact"] is None
    assert "national_id" not in str(case(True))


def test_urgent_case_routed_event_tells_the_citizen_to_call_112():
    urgent = case(False, emergency="gas")
    routed = messages.routed(urgent).payload()
    assert routed["urgent"] is True and "112" in routed["public_note"] and routed["path"] == "classifier"
    item = messages.work_item(urgent, reason=WorkItemReason.NEW, to="triage")
    assert item.routing_key == "triage" and item.payload()["priority"] == "urgent"
    assert item.payload()["department"] == "cevre"


def test_escalated_work_item_is_high_priority_and_status_changed_has_master():
    doc = case(False)
    assert messages.work_item(doc, reason=WorkItemReason.ESCALATED, to="triage").payload()["priority"] == "high"
    linked = {**doc, "status": "duplicate", "master_tracking_no": "153-2026-000001"}
    body = messages.status_changed(linked, public_note="x", actor_role="system").payload()
    assert body["master_tracking_no"] == "153-2026-000001" and body["actor_role"] is None
    assert messages.escalated(doc, escalated_to="triage", level=1).payload()["level"] == 1
