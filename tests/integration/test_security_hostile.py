"""Hostile and broken input on the four services in-process: oversized bodies (413 with a clear
message), deeply nested JSON, wrong content types, invalid UTF-8 — always a 4xx, never a 5xx;
HTML and script in text stored as text, returned as JSON, and escaped on every HTML page that
shows it; CR/LF header injection in e-mail fields refused."""

import json

import pytest

from tests.integration.test_security_stack import (
    ADMIN, PHONE, WEB, application, published_event, security_stack,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCRIPT = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
LIMIT = 1_048_576
# One JSON-body operation per service, with a valid body to grow or break, and the key it needs.
TARGETS = {
    "intake": ("POST", "/v1/requests", WEB, lambda: application()),
    "routing": ("POST", "/v1/classify", ADMIN, lambda: {"text": "çöp alınmadı"}),
    "notify": ("PUT", "/v1/preferences/+905321110000", ADMIN, lambda: {"sms_opt_out": False}),
    "events": ("POST", "/v1/events", ADMIN, lambda: {"type": "other", "title_tr": "Deneme", "organiser": "kultur"}),
}


@pytest.fixture(scope="module")
async def stack(mongo_url):
    async with security_stack(mongo_url, "hostile") as running:
        yield running


async def send(stack, service: str, content: bytes, content_type: str = "application/json", **headers: str):
    method, path, key, _ = TARGETS[service]
    return await stack.clients[service].request(method, path, content=content,
                                                headers={**key, "Content-Type": content_type, **headers})


@pytest.mark.parametrize("service", list(TARGETS))
async def test_an_oversized_body_is_413_with_a_clear_message(stack, service):
    body = TARGETS[service][3]()
    body["padding"] = "x" * (LIMIT + 10)
    r = await send(stack, service, json.dumps(body).encode())
    assert r.status_code == 413, r.text
    assert "too large" in r.json()["detail"] and str(LIMIT) in r.json()["detail"]
    # Just under the limit is read and judged on its content (no 5xx).
    body["padding"] = "x" * (LIMIT - 10_000)
    r = await send(stack, service, json.dumps(body).encode())
    assert 400 <= r.status_code < 500 or r.status_code < 300, r.status_code


@pytest.mark.parametrize("service", list(TARGETS))
@pytest.mark.parametrize("depth", [200, 100_000])
async def test_deeply_nested_json_never_causes_a_server_error(stack, service, depth):
    """Deeper than the parser goes: 400. Within it: refused where the schema has no such field
    (intake forbids unknown fields: 422) or ignored and never stored (the others)."""
    nested = "[" * depth + "]" * depth
    body = json.dumps(TARGETS[service][3]())[:-1] + f', "attributes": {nested}, "text2": {nested}}}'
    r = await send(stack, service, body.encode())
    if depth > 10_000 or service == "intake":
        assert 400 <= r.status_code < 500, (r.status_code, r.text[:200])
    else:
        assert r.status_code < 500 and "[[[[" not in r.text, (r.status_code, r.text[:200])


@pytest.mark.parametrize("service", list(TARGETS))
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded", ""])
async def test_a_wrong_content_type_is_415_or_422(stack, service, content_type):
    r = await send(stack, service, json.dumps(TARGETS[service][3]()).encode(), content_type)
    assert r.status_code in (415, 422) or (content_type == "" and r.status_code < 500), (r.status_code, r.text[:200])
    assert r.status_code < 500


@pytest.mark.parametrize("service", list(TARGETS))
@pytest.mark.parametrize("raw", [b'{"text": "\xff\xfe\xfd"}', b"\xc3\x28\xa0\xa1", b'{"text": "\xed\xa0\x80"}',
                                 b'{"text": "\\ud800"}',
                                 b'{"text": "ok"', b"\x00\x00\x00"])
async def test_invalid_utf8_and_broken_json_are_4xx(stack, service, raw):
    r = await send(stack, service, raw)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:200])


async def test_crlf_in_e_mail_fields_is_refused_everywhere(stack):
    injected = "ayse@example.com\r\nBcc: everyone@example.com"
    body = application(citizen={"name": "Ayşe", "email": injected}, consent={"kvkk_ack": True, "notify_email": True})
    r = await stack.clients["intake"].post("/v1/requests", json=body, headers=WEB)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "email", r.text
    r = await stack.clients["intake"].post("/open311/v2/requests.json", data={
        "api_key": "dev-open311", "service_code": "su-kesintisi", "lat": "38.72", "long": "35.48",
        "description": "Su yok", "email": injected, "attribute[kac_gundur]": "2", "attribute[tum_bina]": "evet"})
    assert r.status_code == 400 and "email" in r.text, r.text
    event_id, session_id = await published_event(stack.clients["events"])
    r = await stack.clients["events"].post(f"/v1/events/{event_id}/registrations", json={
        "session_id": session_id, "name": "Ayşe", "phone": "0532 765 00 22", "email": injected, "role": "job_seeker",
        "consent": {"kvkk_ack": True, "notify_email": True}})
    assert r.status_code == 422 and "email" in r.text, r.text
    r = await stack.clients["intake"].post("/v1/admin/citizens/export", json={"email": injected}, headers=ADMIN)
    assert r.status_code == 422


async def test_html_in_text_is_stored_as_text_and_escaped_on_every_page(stack):
    body = application(text=f"Sokakta çukur var {SCRIPT}", citizen={"name": f"Ali {SCRIPT}", "phone": PHONE},
                       location={"district": "Talas", "neighbourhood": SCRIPT[:60], "address": SCRIPT},
                       consent={"kvkk_ack": True, "department_contact": True})
    r = await stack.clients["intake"].post("/v1/requests", json=body, headers=WEB)
    assert r.status_code == 201, r.text
    tracking_no = r.json()["tracking_no"]
    stored = await stack.clients["intake"].get(f"/v1/requests/{tracking_no}", headers=WEB)
    assert stored.headers["content-type"].startswith("application/json")
    assert stored.json()["text"] == f"Sokakta çukur var {SCRIPT}" and stored.json()["citizen"]["name"] == f"Ali {SCRIPT}"

    async def routed():
        return await stack.db("routing")["cases"].find_one({"_id": tracking_no})

    await eventually(routed, what="the case in routing")
    event_id, session_id = await published_event(stack.clients["events"])
    r = await stack.clients["events"].post(f"/v1/events/{event_id}/registrations", json={
        "session_id": session_id, "name": f"Veli {SCRIPT}", "phone": "0532 765 00 33", "role": "job_seeker",
        "consent": {"kvkk_ack": True}})
    assert r.status_code == 201, r.text
    r = await stack.clients["events"].patch(f"/v1/events/{event_id}", json={"title_tr": f"Gün {SCRIPT}"}, headers=ADMIN)
    assert r.status_code == 200, r.text

    pages = {
        "intake citizen tracking": await stack.clients["intake"].post(
            "/takip", data={"tracking_no": tracking_no, "last4": PHONE[-4:]}),
        "intake desk application": await stack.clients["intake"].get(
            f"/masa/basvuru/{tracking_no}", headers={"Cookie": "irtibat_intake_key=dev-staff"}),
        "routing inbox case": await stack.clients["routing"].get(
            f"/gelen-kutusu/{tracking_no}", headers={"Cookie": "irtibat_routing_key=dev-admin"}),
        "routing inbox list": await stack.clients["routing"].get(
            "/gelen-kutusu", headers={"Cookie": "irtibat_routing_key=dev-admin"}),
        "events public page": await stack.clients["events"].get(f"/etkinlikler/{event_id}"),
        "events staff page": await stack.clients["events"].get(
            f"/gorevli/etkinlikler/{event_id}", headers={"Cookie": "irtibat_events_key=dev-staff"}),
    }
    for name, page in pages.items():
        assert page.status_code == 200, (name, page.status_code, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        assert "<script>alert(" not in page.text and "<img src=x" not in page.text, f"{name} renders it as markup"
    shown = "".join(p.text for p in pages.values())
    assert "&lt;script&gt;" in shown  # the text is there, escaped
