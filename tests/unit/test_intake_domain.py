"""Pure rules of intake: tracking numbers and tokens, catalogue attributes, the timeline, Open311
mapping and XML, and what each audience sees."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from services.intake.application.catalogue import load_seed
from services.intake.domain import open311 as spec
from services.intake.domain.catalogue import check_attributes, check_definition
from services.intake.domain.clock import local_iso
from services.intake.domain.timeline import case_update, public_status, received_entry
from services.intake.domain.tracking import (CODE_ALPHABET, NumberBlock, format_tracking_no, is_tracking_no,
                                             new_tracking_code, open311_token, token_tracking_no)
from services.intake.domain.views import full_view, public_view
from services.intake.entrypoints.open311_format import to_xml
from shared.contracts.intake import CatalogueService

pytestmark = pytest.mark.unit
CATALOGUE = {s.code: s for s in load_seed()}
T0 = datetime(2026, 3, 1, 7, 15, 30, tzinfo=UTC)


def test_tracking_numbers_are_short_and_readable():
    assert format_tracking_no("153", 2026, 4217) == "153-2026-004217"
    assert format_tracking_no("153", 2026, 1_234_567) == "153-2026-1234567"
    assert is_tracking_no("153-2026-004217") and not is_tracking_no("153-26-4217") and not is_tracking_no("x")


def test_number_block_hands_out_its_range_then_runs_out():
    block = NumberBlock.from_counter(2026, counter_after_inc=200, size=100)
    taken = [block.take() for _ in range(100)]
    assert taken == list(range(101, 201)) and block.take() is None


def test_tracking_code_is_short_and_unambiguous():
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01IOL") & set(CODE_ALPHABET)


def test_open311_token_names_its_request_and_cannot_be_forged():
    token = open311_token("s3cret", "153-2026-000042")
    assert token_tracking_no("s3cret", token) == "153-2026-000042"
    assert token_tracking_no("other", token) is None
    assert token_tracking_no("s3cret", "153-2026-000043." + token.rsplit(".", 1)[1]) is None
    assert token_tracking_no("s3cret", "garbage") is None


def test_istanbul_offset_at_the_edges():
    assert local_iso(T0) == "2026-03-01T10:15:30+03:00"
    assert local_iso("2026-03-01T07:15:30+00:00") == "2026-03-01T10:15:30+03:00"
    assert local_iso(None) is None


def test_seed_catalogue_is_valid():
    assert 30 <= len(CATALOGUE) <= 40
    for service in CATALOGUE.values():
        assert check_definition(service) == [], service.code


def test_attributes_are_checked_against_the_service():
    water = CATALOGUE["su-kesintisi"]
    attrs, errors = check_attributes(water, "su-kesintisi", {"kac_gundur": "3", "tum_bina": "evet"})
    assert errors == [] and attrs == {"kac_gundur": 3, "tum_bina": "evet"}
    _, errors = check_attributes(water, "su-kesintisi", {})
    assert [(e.loc, e.type) for e in errors] == [(("attributes", "kac_gundur"), "attribute_required")]
    _, errors = check_attributes(water, "su-kesintisi", {"kac_gundur": 2, "tum_bina": "belki", "renk": "mavi"})
    assert {(e.loc, e.type) for e in errors} == {(("attributes", "renk"), "attribute_unknown"),
                                                 (("attributes", "tum_bina"), "attribute_invalid")}
    _, errors = check_attributes(water, "su-kesintisi", {"kac_gundur": True})
    assert errors[0].msg == "must be a number"
    _, errors = check_attributes(None, "yok", {})
    assert errors[0].loc == ("service_code",)
    _, errors = check_attributes(None, None, {"x": 1})
    assert errors[0].type == "attributes_without_service"


def test_inactive_service_is_refused():
    gone = CATALOGUE["kariyer"].model_copy(update={"active": False})
    assert check_attributes(gone, "kariyer", {})[1][0].type == "service_code_unknown"


def test_admin_definitions_are_checked():
    base = CATALOGUE["kar-buz"].model_dump()
    assert check_definition(CatalogueService.model_validate({**base, "department": "nasa"}))
    assert check_definition(CatalogueService.model_validate({**base, "code": "Bad.Code"}))
    listy = {**base, "attributes": [{"code": "renk", "datatype": "singlevaluelist", "description_tr": "x"}]}
    assert "needs values" in check_definition(CatalogueService.model_validate(listy))[0]


def _case(version: int, **extra):
    return {"tracking_no": "153-2026-000001", "case_version": version, "occurred_at": T0,
            "department": "kaski", **extra}


def test_case_messages_become_status_and_timeline_entries():
    fields, entry = case_update("case.routed", _case(1, due_at=T0 + timedelta(days=1)))
    assert fields["status"] == "routed" and fields["public_status"] == "open" and fields["case_version"] == 1
    assert fields["timeline.000001"] is entry and entry["due_at"] == T0 + timedelta(days=1)
    fields, entry = case_update("case.status_changed", _case(3, status="resolved", public_note="Tamam"))
    assert fields["public_status"] == "closed" and entry["note"] == "Tamam"
    fields, entry = case_update("case.escalated", _case(2, due_at=T0, level=1, escalated_to="triage"))
    assert "status" not in fields and entry["status"] == "escalated" and fields["escalation_level"] == 1
    with pytest.raises(ValueError):
        case_update("case.work_item", _case(1))
    assert public_status("duplicate") == "closed" and public_status("in_progress") == "open"


def _doc():
    return {"_id": "153-2026-000001", "channel": "web", "kind": "complaint", "service_code": "su-kesintisi",
            "text": "Su yok, ara 0532 123 45 67 ya da ali@example.com", "tracking_code": "ABC234",
            "citizen": {"name": "Ali", "phone": "+905321234567", "email": "ali@example.com"},
            "location": {"district": "Talas", "address": "Örnek Sk. 3 tel 05321234567", "lat": 38.7, "lon": 35.5},
            "registered_at": T0, "updated_at": T0, "status": "received", "timeline": {"000000": received_entry(T0)},
            "idempotency_key": "web:auto:x", "body_hash": "h", "outbox": {}, "trace_id": "t" * 32}


def test_public_views_carry_no_personal_data():
    public = public_view(_doc(), "Su kesintisi")
    entry = spec.request_entry(_doc(), "Su kesintisi")
    for view in (public, entry):
        text = str(view)
        assert "0532" not in text and "ali@" not in text and "Ali" not in text and "ABC234" not in text
    assert public["timeline"][0]["label"]["tr"] == "Başvurunuz alındı"
    assert entry["requested_datetime"] == "2026-03-01T10:15:30+03:00" and entry["status"] == "open"
    assert entry["address"].startswith("Örnek Sk. 3 tel [telefon gizlendi]")


def test_full_view_has_everything_but_internals():
    view = full_view(_doc())
    assert view["citizen"]["phone"] == "+905321234567" and view["trace_id"] == "t" * 32
    assert not {"outbox", "idempotency_key", "body_hash", "_id"} & set(view)


def test_open311_form_becomes_an_application_body():
    form = [("service_code", "su-kesintisi"), ("lat", "38.7"), ("long", "35.5"), ("first_name", "Ali"),
            ("last_name", "Kaya"), ("attribute[kac_gundur]", "2"), ("attribute[renk][]", "a"),
            ("attribute[renk][]", "b"), ("media_url", "https://x.example/a.jpg"), ("description", " Su yok ")]
    body, problems = spec.form_to_body(form, CATALOGUE["su-kesintisi"])
    assert problems == []
    assert body["location"] == {"lat": 38.7, "lon": 35.5} and body["citizen"] == {"name": "Ali Kaya"}
    assert body["attributes"] == {"kac_gundur": "2", "renk": ["a", "b"]} and body["text"] == "Su yok"
    assert body["media_urls"] == ["https://x.example/a.jpg"] and body["kind"] == "request"
    body, problems = spec.form_to_body([("service_code", "kar-buz"), ("address_string", "Sivas Cd.")],
                                       CATALOGUE["kar-buz"])
    assert problems == [] and body["text"] == "Kar ve buzlanma" and body["location"] == {"address": "Sivas Cd."}
    _, problems = spec.form_to_body([("lat", "x")], None)
    assert len(problems) == 3  # no service_code, no location, lat not a number
    assert spec.param_name(("attributes", "kac_gundur")) == "attribute[kac_gundur]"
    assert spec.param_name(("location", "lon")) == "long" and spec.param_name(("citizen", "email")) == "email"


def test_open311_xml_documents():
    definition = to_xml("service_definition", spec.service_definition(CATALOGUE["su-kesintisi"]))
    root = ElementTree.fromstring(definition)
    assert definition.startswith(b'<?xml version="1.0" encoding="utf-8"?><service_definition>')
    assert [a.find("code").text for a in root.findall("attributes/attribute")] == ["kac_gundur", "tum_bina"]
    assert root.find("attributes/attribute/required").text == "true"
    errors = ElementTree.fromstring(to_xml("errors", [{"code": 404, "description": "yok"}]))
    assert errors.find("error/code").text == "404" and errors.find("error/description").text == "yok"
    services = ElementTree.fromstring(to_xml("services", [spec.service_entry(CATALOGUE["kar-buz"])]))
    assert services.find("service/metadata").text == "false" and services.find("service/type").text == "realtime"
