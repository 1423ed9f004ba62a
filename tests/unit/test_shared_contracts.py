import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.contracts import MESSAGE_TYPES, envelope
from shared.contracts.common import CaseMessage
from shared.contracts.intake import RequestRegistered
from shared.contracts.routing import CaseRouted, CaseStatusChanged
from shared.enums import CaseStatus, Channel, Kind

pytestmark = pytest.mark.unit
DESIGN = Path(__file__).resolve().parents[3] / "shared" / "DESIGN.md"


def _design_types() -> set[str]:
    text = DESIGN.read_text()
    table = text[text.index("| type (= routing key)"):text.index("Idempotency scope")]
    names = set()
    for cell in re.findall(r"^\| `([^|]+)`", table, re.M):
        for part in re.findall(r"`?([a-z_.<>]+)`?", cell):
            names.add(part)
    return names


@pytest.mark.skipif(not DESIGN.exists(), reason="DESIGN.md lives beside the repository, not in it")
def test_every_design_message_type_is_registered():
    registered = set(MESSAGE_TYPES)
    for name in _design_types():
        name = name.replace(".<channel>", "").replace(".<department>", "")
        if name.startswith("."):  # ".waitlisted" shorthands in the table
            continue
        assert name in registered, name


def test_enumerations_match_design():
    assert [k.value for k in Kind] == ["request", "complaint", "suggestion", "thanks", "information"]
    assert [c.value for c in Channel] == ["phone", "walk_in", "web", "mobile", "email", "sms", "open311", "cimer"]
    assert [s.value for s in CaseStatus] == ["routed", "acknowledged", "in_progress", "resolved", "rejected",
                                             "reassigned", "duplicate"]


def test_case_messages_carry_tracking_number_and_version():
    for t in MESSAGE_TYPES.values():
        if t.name.startswith("case.") and t.name != "case.update":
            assert issubclass(t.model, CaseMessage), t.name
    with pytest.raises(ValidationError):
        CaseRouted(tracking_no="153-2026-000001", case_version=0, occurred_at="2026-01-01T00:00:00Z",
                   department="kaski", path="code", confidence=1, due_at="2026-01-02T00:00:00Z")


def test_envelope_uses_registered_type_schema_and_exchange():
    payload = CaseStatusChanged(tracking_no="153-2026-000001", case_version=2, occurred_at="2026-01-01T00:00:00Z",
                                status="resolved", department="kaski")
    msg = envelope(payload, producer="routing", correlation_id=payload.tracking_no)
    assert (msg.type, msg.schema_, msg.exchange, msg.routing_key) == (
        "case.status_changed", "case.status_changed/1", "irtibat.events", "case.status_changed")
    assert msg.headers() == {"schema": "case.status_changed/1", "producer": "routing"}
    assert json.loads(msg.body)["status"] == "resolved"
    # Stored in an outbox and read back, it is the same message.
    again = type(msg).model_validate(msg.model_dump(by_alias=True))
    assert again == msg


def test_consumers_ignore_unknown_fields():
    body = {"tracking_no": "153-2026-000001", "kind": "request", "text": "x", "channel": "web",
            "registered_at": "2026-01-01T00:00:00Z", "added_in_v2": True}
    assert RequestRegistered.model_validate(body).tracking_no == "153-2026-000001"
