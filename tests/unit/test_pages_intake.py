"""Intake's pages without I/O: the desk form → the channel API's body, the staff queries behind the
ops board and the phone look-up, and the ops board's composition when sources fail."""

import json
from datetime import UTC, datetime

import httpx
import pytest

from services.intake.application.staff import InvalidPhone, StaffQueries, start_of_day
from services.intake.pages import board
from services.intake.pages.forms import application_body, field_id, is_tracking_no, service_choices
from shared.auth import Principal
from shared.contracts.intake import CatalogueAttribute, CatalogueService, SlaRule
from shared.enums import Role

pytestmark = pytest.mark.unit
WATER = CatalogueService(
    code="su-kesintisi", name_tr="Su kesintisi", name_en="Water outage", group="Su", department="kaski",
    sla=SlaRule(amount=1, unit="calendar_days"), keywords=["su"],
    attributes=[CatalogueAttribute(code="kac_gundur", datatype="number", required=True, description_tr="Kaç gündür?",
                                   description_en="For how many days?"),
                CatalogueAttribute(code="katlar", datatype="multivaluelist", description_tr="Katlar",
                                   values=[{"key": "1", "name": "Bir"}, {"key": "2", "name": "İki"}])])


def test_the_desk_form_becomes_the_channel_api_body_without_empty_fields():
    items = [("kind", "complaint"), ("text", "  Su yok  "), ("service_code", "su-kesintisi"),
             ("attr.kac_gundur", "2"), ("attr.katlar", "1"), ("attr.katlar", "2"), ("attr.unknown", "x"),
             ("district", "Talas"), ("neighbourhood", ""), ("name", "Ayşe"), ("phone", "0532 123 45 67"),
             ("email", ""), ("kvkk_ack", "1"), ("notify_sms", "1"), ("form_id", "abc"), ("channel", "phone")]
    body = application_body(items, WATER)
    assert body == {"kind": "complaint", "text": "Su yok", "service_code": "su-kesintisi",
                    "location": {"district": "Talas"}, "citizen": {"name": "Ayşe", "phone": "0532 123 45 67"},
                    "consent": {"kvkk_ack": True, "notify_sms": True, "notify_email": False,
                                "department_contact": False},
                    "attributes": {"kac_gundur": "2", "katlar": ["1", "2"]}}
    bare = application_body([("kind", "thanks"), ("text", "Teşekkürler")], None)
    assert "location" not in bare and "citizen" not in bare and "attributes" not in bare
    assert application_body([("kind", "request"), ("text", "x"), ("attr.kac_gundur", "3")], None).get(
        "attributes") is None


def test_a_refusal_points_at_the_input_it_is_about():
    assert field_id(("body", "citizen", "phone")) == "f-phone"
    assert field_id(("location", "district")) == "f-district"
    assert field_id(("attributes", "kac_gundur")) == "f-attr-kac_gundur"
    assert field_id(("text",)) == "f-text" and field_id(()) == "f-text"


def test_tracking_numbers_and_the_catalogue_list():
    assert is_tracking_no("153-2026-000001") and is_tracking_no(" 153-2026-000001 ")
    assert not is_tracking_no("0532 123 45 67") and not is_tracking_no("153-26-1")
    [tr] = service_choices([WATER], "tr")
    [en] = service_choices([WATER], "en")
    assert tr["name"] == "Su kesintisi" and en["name"] == "Water outage"
    assert en["attributes"][0] == {"code": "kac_gundur", "datatype": "number", "required": True,
                                   "label": "For how many days?", "values": []}
    assert tr["attributes"][1]["values"] == [{"key": "1", "name": "Bir"}, {"key": "2", "name": "İki"}]


class FakeReports:
    def __init__(self):
        self.asked: list = []

    async def counts(self, field, since=None):
        self.asked.append((field, since))
        if field == "channel":
            return {"phone": 2, "web": 1} if since else {"phone": 5, "web": 3, "open311": 1}
        return {"kaski": 4, "none": 1}

    async def by_phone(self, e164):
        self.asked.append(("phone", e164))
        return [{"_id": "153-2026-000007", "kind": "complaint", "status": "resolved", "department": "kaski",
                 "registered_at": datetime(2026, 11, 29, 10, 0, tzinfo=UTC), "location": {"district": "Talas"},
                 "channel": "phone"}]

    async def trace_id(self, tracking_no):
        return (tracking_no == "153-2026-000007", "ab" * 16 if tracking_no == "153-2026-000007" else None)


class FakeAudit:
    def __init__(self):
        self.entries: list[dict] = []

    async def record(self, entry):
        self.entries.append(entry)


async def test_stats_count_today_in_istanbul_and_since_opening():
    reports = FakeReports()
    now = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)  # already 30 November in Istanbul
    stats = await StaffQueries(reports, FakeAudit()).stats(now)
    assert stats["applications"] == {"today": 3, "total": 9}
    assert stats["by_channel"]["today"] == {"phone": 2, "web": 1}
    assert stats["by_department"]["kaski"] == 4
    assert start_of_day(now).isoformat() == "2026-11-30T00:00:00+03:00"
    assert ("channel", start_of_day(now)) in reports.asked


async def test_the_phone_look_up_is_normalised_audited_without_the_number_and_refuses_non_numbers():
    reports, audit = FakeReports(), FakeAudit()
    staff = Principal(key_id="desk-7", role=Role.STAFF)
    found = await StaffQueries(reports, audit).by_phone(staff, "0532 123 45 67")
    assert ("phone", "+905321234567") in reports.asked
    assert found[0]["tracking_no"] == "153-2026-000007" and found[0]["status_label"]["tr"] == "Çözüldü"
    assert found[0]["registered_at"] == "2026-11-29T13:00:00+03:00"
    [entry] = audit.entries
    assert entry["action"] == "lookup_by_phone" and entry["key_id"] == "desk-7"
    assert entry["found"] == ["153-2026-000007"] and "532" not in json.dumps(entry, default=str)
    with pytest.raises(InvalidPhone):
        await StaffQueries(reports, audit).by_phone(staff, "12")
    trace = await StaffQueries(reports, audit).trace("153-2026-000007")
    assert trace == {"tracking_no": "153-2026-000007", "found": True, "trace_id": "ab" * 16}


SOURCES = board.Sources("http://routing.test", "http://notify.test", "http://events.test", "http://mq.test:15672",
                        "ops", "pw", "amqp://u:p@127.0.0.1:5672/irtibat-test-1")


def handler(request: httpx.Request) -> httpx.Response:
    host, path = request.url.host, request.url.path
    if host == "routing.test":
        raise httpx.ConnectError("routing is away")
    if host == "mq.test":
        assert path == "/api/queues/irtibat-test-1" and request.headers["authorization"].startswith("Basic ")
        return httpx.Response(200, json=[{"name": "routing.request-registered", "messages": 3, "consumers": 1},
                                         {"name": "routing.request-registered.dlq", "messages": 1, "consumers": 0}])
    assert request.headers["x-api-key"] == "dev-admin"
    if host == "events.test" and path == "/v1/stats":
        return httpx.Response(200, json={"visitors": {"today": 4, "total": 25554}})
    if host == "events.test":
        return httpx.Response(200, json=[])
    return httpx.Response(503, json={"detail": "not ready"})


async def test_the_ops_board_shows_each_source_or_unavailable_on_its_own():
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        figures = await board.compose(client, SOURCES, "dev-admin", own_parked=[])
    assert figures["routing"] is None and figures["overdue"] is None
    assert figures["events"]["visitors"]["total"] == 25554
    assert figures["queues"][0] == {"name": "routing.request-registered", "messages": 3, "consumers": 1,
                                    "dead": False}
    assert figures["queues"][1]["dead"] is True
    assert figures["dead_letters"] == {"intake": [], "routing": None, "notify": None, "events": []}


def test_the_vhost_comes_from_the_broker_url():
    assert board.vhost_of("amqp://guest:guest@127.0.0.1:5672/") == "/"
    assert board.vhost_of("amqp://guest:guest@127.0.0.1:5672") == "/"
    assert board.vhost_of("amqp://g:g@h:5672/irtibat%2Fprod") == "irtibat/prod"
