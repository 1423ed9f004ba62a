"""Open311 GeoReport v2 against intake in-process: discovery, services, definitions, POST and GET
requests in JSON and XML, tokens, filters, and Open311's error format and status codes."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from tests.integration.test_intake_fixtures import intake_app

pytestmark = pytest.mark.integration
BASE = "/open311/v2"


def form(**overrides):
    data = {"api_key": "dev-open311", "service_code": "su-kesintisi", "lat": "38.72", "long": "35.48",
            "description": "Su yok, e-posta ali@example.com", "first_name": "Ali", "last_name": "Kaya",
            "phone": "05321112233", "email": "ali@example.com", "attribute[kac_gundur]": "3",
            "attribute[tum_bina]": "evet", "district": "Melikgazi"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(scope="module")
async def intake(mongo_url):
    async with intake_app(mongo_url) as running:
        yield running


async def test_discovery_in_both_formats(intake):
    client, _, _ = intake
    doc = (await client.get("/open311/discovery.json")).json()
    endpoint = doc["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and "text/xml" in endpoint["formats"]
    xml = await client.get("/open311/discovery.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


async def test_services_and_definition(intake):
    client, _, _ = intake
    services = (await client.get(f"{BASE}/services.json")).json()
    water = next(s for s in services if s["service_code"] == "su-kesintisi")
    assert water == {"service_code": "su-kesintisi", "service_name": "Su kesintisi", "description": water["description"],
                     "metadata": True, "type": "realtime", "keywords": water["keywords"], "group": "Su ve Kanalizasyon"}
    xml = ElementTree.fromstring((await client.get(f"{BASE}/services.xml")).content)
    assert xml.tag == "services" and len(xml.findall("service")) == len(services)
    definition = (await client.get(f"{BASE}/services/su-kesintisi.json")).json()
    attrs = {a["code"]: a for a in definition["attributes"]}
    assert attrs["kac_gundur"]["datatype"] == "number" and attrs["kac_gundur"]["required"] is True
    assert attrs["tum_bina"]["values"][0] == {"key": "evet", "name": "Evet"}
    dxml = ElementTree.fromstring((await client.get(f"{BASE}/services/su-kesintisi.xml")).content)
    assert dxml.tag == "service_definition"
    assert dxml.find("attributes/attribute/variable").text == "true"
    assert dxml.find("attributes/attribute[code='tum_bina']/values/value/key").text == "evet"


async def test_post_json_then_get_it_back_without_personal_data(intake):
    client, _, _ = intake
    r = await client.post(f"{BASE}/requests.json", data=form())
    assert r.status_code == 200, r.text
    [created] = r.json()
    no = created["service_request_id"]
    assert no.startswith("153-") and created["token"]
    [entry] = (await client.get(f"{BASE}/requests/{no}.json")).json()
    assert entry["status"] == "open"
    assert entry["service_code"] == "su-kesintisi" and entry["service_name"] == "Su kesintisi"
    assert entry["requested_datetime"].endswith("+03:00")
    assert entry["lat"] == 38.72 and entry["long"] == 35.48
    assert "ali@example.com" not in str(entry) and "Ali" not in str(entry) and "5321112233" not in str(entry)
    assert "[e-posta gizlendi]" in entry["description"]
    [token] = (await client.get(f"{BASE}/tokens/{created['token']}.json")).json()
    assert token == {"service_request_id": no, "token": created["token"]}


async def test_post_xml_and_multivalue_attributes(intake):
    client, _, _ = intake
    r = await client.post(f"{BASE}/requests.xml", data=form())
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/xml")
    assert r.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ElementTree.fromstring(r.content)
    assert root.tag == "service_requests"
    no = root.find("request/service_request_id").text
    one = ElementTree.fromstring((await client.get(f"{BASE}/requests/{no}.xml")).content)
    assert one.find("request/status").text == "open"
    assert one.find("request/service_request_id").text == no


async def test_post_without_description_uses_the_service_name(intake):
    client, _, _ = intake
    r = await client.post(f"{BASE}/requests.json", data=form(description=None, service_code="kar-buz",
                                                             **{"attribute[kac_gundur]": None, "attribute[tum_bina]": None}))
    assert r.status_code == 200, r.text


async def test_post_errors_are_open311_errors(intake):
    client, _, _ = intake
    missing_key = await client.post(f"{BASE}/requests.json", data=form(api_key=None))
    assert missing_key.status_code == 403
    assert missing_key.json()[0]["code"] == 403 and "api_key" in missing_key.json()[0]["description"]
    bad_key = await client.post(f"{BASE}/requests.xml", data=form(api_key="wrong"))
    assert bad_key.status_code == 403
    error = ElementTree.fromstring(bad_key.content)
    assert error.tag == "errors" and error.find("error/code").text == "403"
    staff = await client.post(f"{BASE}/requests.json", data=form(api_key="dev-staff"))
    assert staff.status_code == 403
    no_service = await client.post(f"{BASE}/requests.json", data=form(service_code=None))
    assert no_service.status_code == 400 and "service_code" in no_service.json()[0]["description"]
    no_location = await client.post(f"{BASE}/requests.json", data=form(lat=None, long=None))
    assert no_location.status_code == 400 and "location" in no_location.json()[0]["description"]
    bad_fields = await client.post(f"{BASE}/requests.json", data=form(phone="123", email="x@", lat="abc"))
    assert bad_fields.status_code == 400
    described = " | ".join(e["description"] for e in bad_fields.json())
    assert "lat: must be a decimal number" in described
    bad_fields = await client.post(f"{BASE}/requests.json", data=form(phone="123", email="x@"))
    described = " | ".join(e["description"] for e in bad_fields.json())
    assert "phone: not a valid phone number" in described and "email: not a valid e-mail" in described
    no_attribute = await client.post(f"{BASE}/requests.json", data=form(**{"attribute[kac_gundur]": None}))
    assert no_attribute.status_code == 400
    assert no_attribute.json()[0]["description"].startswith("attribute[kac_gundur]: required")
    outside = await client.post(f"{BASE}/requests.json", data=form(lat="41.0", long="29.0"))
    assert outside.status_code == 400 and "Kayseri" in outside.json()[0]["description"]
    unknown_service = await client.post(f"{BASE}/requests.json", data=form(service_code="nope"))
    assert unknown_service.status_code == 400
    elsewhere = await client.post(f"{BASE}/requests.json", data=form(jurisdiction_id="ankara.bel.tr"))
    assert elsewhere.status_code == 404 and "jurisdiction_id" in elsewhere.json()[0]["description"]
    here = await client.post(f"{BASE}/requests.json", data=form(jurisdiction_id="kayseri.bel.tr"))
    assert here.status_code == 200


async def test_get_errors_are_open311_errors(intake):
    client, _, _ = intake
    for path, status in ((f"{BASE}/services/nope.json", 404), (f"{BASE}/requests/153-2020-000001.json", 404),
                         (f"{BASE}/tokens/forged.json", 404), (f"{BASE}/services.csv", 400),
                         (f"{BASE}/nothing-here.json", 404),
                         (f"{BASE}/services.json?jurisdiction_id=ankara.bel.tr", 404)):
        r = await client.get(path)
        assert r.status_code == status, path
        assert r.json() == [{"code": status, "description": r.json()[0]["description"]}]
    xml = await client.get(f"{BASE}/requests/153-2020-000001.xml")
    assert xml.status_code == 404 and ElementTree.fromstring(xml.content).find("error/code").text == "404"


async def test_get_requests_filters_and_pages(intake):
    client, _, _ = intake
    for _ in range(3):
        assert (await client.post(f"{BASE}/requests.json", data=form(service_code="cop-toplama",
                                  **{"attribute[kac_gundur]": None, "attribute[tum_bina]": None}))).status_code == 200
    by_code = (await client.get(f"{BASE}/requests.json", params={"service_code": "cop-toplama"})).json()
    assert len(by_code) == 3 and {e["service_code"] for e in by_code} == {"cop-toplama"}
    page1 = (await client.get(f"{BASE}/requests.json", params={"service_code": "cop-toplama", "page_size": 2})).json()
    page2 = (await client.get(f"{BASE}/requests.json",
                              params={"service_code": "cop-toplama", "page_size": 2, "page": 2})).json()
    assert len(page1) == 2 and len(page2) == 1
    assert {e["service_request_id"] for e in page1 + page2} == {e["service_request_id"] for e in by_code}
    ids = ",".join(e["service_request_id"] for e in by_code[:2])
    assert len((await client.get(f"{BASE}/requests.json", params={"service_request_id": ids})).json()) == 2
    assert (await client.get(f"{BASE}/requests.json", params={"status": "closed",
                                                             "service_code": "cop-toplama"})).json() == []
    now = datetime.now(UTC)
    window = {"start_date": (now - timedelta(hours=1)).isoformat(), "end_date": (now + timedelta(hours=1)).isoformat()}
    assert len((await client.get(f"{BASE}/requests.json", params={**window, "service_code": "cop-toplama"})).json()) == 3
    past = {"start_date": "2020-01-01T00:00:00+03:00", "end_date": "2020-02-01T00:00:00+03:00"}
    assert (await client.get(f"{BASE}/requests.json", params=past)).json() == []
    too_long = await client.get(f"{BASE}/requests.json", params={"start_date": "2026-01-01T00:00:00Z",
                                                                 "end_date": "2026-06-01T00:00:00Z"})
    assert too_long.status_code == 400 and "90 days" in too_long.json()[0]["description"]
    bad = await client.get(f"{BASE}/requests.xml", params={"status": "pending"})
    assert bad.status_code == 400 and ElementTree.fromstring(bad.content).tag == "errors"
    assert (await client.get(f"{BASE}/requests.json", params={"start_date": "yesterday"})).status_code == 400
