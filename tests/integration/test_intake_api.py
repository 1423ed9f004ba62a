"""Intake's channel API in-process against the real broker and the Mongo stand-in: registration,
the stored message, idempotency, reading back, the citizen's look-up and the catalogue."""

import json

import aio_pika
import pytest

from tests.integration.test_intake_fixtures import ADMIN, CHANNEL, STAFF, Inbox, application, eventually, intake_app

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def intake(mongo_url):
    async with intake_app(mongo_url) as running:
        yield running


async def test_registers_and_publishes_request_registered(intake):
    client, app, url = intake
    async with Inbox(url, "request.registered") as inbox:
        r = await client.post("/v1/requests", json=application(), headers=CHANNEL)
        assert r.status_code == 201, r.text
        receipt = r.json()
        assert receipt["tracking_no"].startswith("153-20")
        assert receipt["status"] == "received"
        assert receipt["received_at"].endswith("+03:00")
        assert len(receipt["tracking_code"]) == 6
        assert r.headers["Location"] == f"/v1/requests/{receipt['tracking_no']}"
        [msg] = await inbox.wait_for("request.registered", 1)
    assert msg["tracking_no"] == receipt["tracking_no"]
    assert msg["channel"] == "web"
    assert msg["citizen"]["phone"] == "+905321234567"
    assert msg["location"]["district"] == "Talas"
    assert msg["attributes"] == {"kac_gundur": 2}
    assert inbox.messages[0].correlation_id == receipt["tracking_no"]


async def test_same_idempotency_key_same_body_returns_the_first_answer(intake):
    client, _, _ = intake
    headers = {**CHANNEL, "Idempotency-Key": "web-retry-1"}
    first = await client.post("/v1/requests", json=application(), headers=headers)
    again = await client.post("/v1/requests", json=application(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    # The same body written differently (another phone format) is the same application.
    body = application(citizen={**application()["citizen"], "phone": "+90 532 123 45 67"})
    third = await client.post("/v1/requests", json=body, headers=headers)
    assert third.json()["tracking_no"] == first.json()["tracking_no"]


async def test_same_idempotency_key_different_body_is_409(intake):
    client, _, _ = intake
    headers = {**CHANNEL, "Idempotency-Key": "web-retry-2"}
    first = await client.post("/v1/requests", json=application(), headers=headers)
    assert first.status_code == 201
    other = await client.post("/v1/requests", json=application(text="Başka bir şikayet."), headers=headers)
    assert other.status_code == 409
    assert first.json()["tracking_no"] in other.json()["detail"]


async def test_channel_message_id_is_the_key_and_scope_is_the_channel(intake):
    client, _, _ = intake
    body = application(channel_meta={"message_id": "crm-77", "agent_id": "a-1"})
    first = await client.post("/v1/requests", json=body, headers=CHANNEL)
    again = await client.post("/v1/requests", json=body, headers=CHANNEL)
    assert again.json()["tracking_no"] == first.json()["tracking_no"]
    other_channel = await client.post("/v1/requests", json=body, headers={"X-API-Key": "dev-mobile"})
    assert other_channel.status_code == 201
    assert other_channel.json()["tracking_no"] != first.json()["tracking_no"]


async def test_without_a_key_every_submission_is_new(intake):
    client, _, _ = intake
    a = await client.post("/v1/requests", json=application(), headers=CHANNEL)
    b = await client.post("/v1/requests", json=application(), headers=CHANNEL)
    assert a.json()["tracking_no"] != b.json()["tracking_no"]
    assert a.json()["tracking_no"] < b.json()["tracking_no"]


async def test_field_errors_are_422_naming_field_and_reason(intake):
    client, _, _ = intake
    body = application(citizen={"phone": "12345", "email": "not-an-email", "national_id": "12345678901"},
                       location={"district": "Ankara"}, text="")
    r = await client.post("/v1/requests", json=body, headers=CHANNEL)
    assert r.status_code == 422
    found = {tuple(e["loc"]): e["msg"] for e in r.json()["detail"]}
    assert "phone number" in found[("body", "citizen", "phone")]
    assert "e-mail" in found[("body", "citizen", "email")]
    assert "kimlik" in found[("body", "citizen", "national_id")]
    assert "16 districts" in found[("body", "location", "district")]
    assert "empty" in found[("body", "text")]


async def test_catalogue_rules_are_422(intake):
    client, _, _ = intake
    unknown = await client.post("/v1/requests", json=application(service_code="yok-boyle"), headers=CHANNEL)
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "service_code"]
    missing = await client.post("/v1/requests", json=application(attributes={}), headers=CHANNEL)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "attributes", "kac_gundur"]
    wrong = await client.post("/v1/requests", json=application(attributes={"kac_gundur": "çok"}), headers=CHANNEL)
    assert wrong.status_code == 422 and "number" in wrong.json()["detail"][0]["msg"]


async def test_keys_and_roles(intake):
    client, _, _ = intake
    assert (await client.post("/v1/requests", json=application())).status_code == 401
    assert (await client.post("/v1/requests", json=application(), headers={"X-API-Key": "nope"})).status_code == 401
    assert (await client.post("/v1/requests", json=application(), headers=STAFF)).status_code == 403


async def test_reading_an_application_back(intake):
    client, _, _ = intake
    receipt = (await client.post("/v1/requests", json=application(), headers=CHANNEL)).json()
    path = f"/v1/requests/{receipt['tracking_no']}"
    mine = await client.get(path, headers=CHANNEL)
    assert mine.status_code == 200
    view = mine.json()
    assert view["citizen"]["phone"] == "+905321234567"
    assert view["trace_id"] == receipt["trace_id"]
    assert view["timeline"][0]["status"] == "received"
    assert "outbox" not in view and "idempotency_key" not in view
    assert (await client.get(path, headers={"X-API-Key": "dev-mobile"})).status_code == 404
    assert (await client.get(path, headers={"X-API-Key": "dev-dept-kaski"})).status_code == 403
    assert (await client.get(path, headers=STAFF)).status_code == 200
    assert (await client.get("/v1/requests/153-2020-999999", headers=STAFF)).status_code == 404


async def test_public_look_up_needs_the_code_and_shows_no_personal_data(intake):
    client, _, _ = intake
    receipt = (await client.post("/v1/requests", json=application(), headers=CHANNEL)).json()
    no = receipt["tracking_no"]
    ok = await client.get(f"/v1/track/{no}", params={"code": receipt["tracking_code"].lower()})
    assert ok.status_code == 200
    public = ok.json()
    text = str(public)
    assert "0532" not in text and "+90532" not in text and "Ayşe" not in text and "ayse@" not in text
    assert "[telefon gizlendi]" in public["text"]
    assert public["district"] == "Talas" and public["status"] == "received"
    assert (await client.get(f"/v1/track/{no}", params={"last4": "4567"})).status_code == 200
    posted = await client.post(f"/v1/track/{no}", json={"code": receipt["tracking_code"]})
    assert posted.status_code == 200 and posted.json() == public
    assert (await client.post(f"/v1/track/{no}", json={"last4": "0000"})).status_code == 404
    assert (await client.get(f"/v1/track/{no}", params={"code": "WRONG1"})).status_code == 404
    assert (await client.get(f"/v1/track/{no}")).status_code == 404
    assert (await client.get("/v1/track/153-2020-000001", params={"code": "ABCDEF"})).status_code == 404


async def test_guessing_is_rate_limited_per_tracking_number(intake):
    client, _, _ = intake
    receipt = (await client.post("/v1/requests", json=application(), headers=CHANNEL)).json()
    statuses = [(await client.get(f"/v1/track/{receipt['tracking_no']}", params={"code": f"X{i:05d}"},
                                  headers={"X-Forwarded-For": f"10.0.0.{i}"})).status_code for i in range(25)]
    assert set(statuses[:20]) == {404}
    assert statuses[-1] == 429


async def test_catalogue_is_seeded_and_listed(intake):
    client, _, _ = intake
    services = (await client.get("/v1/services")).json()
    assert len(services) >= 30
    water = next(s for s in services if s["code"] == "su-kesintisi")
    assert water["department"] == "kaski" and water["attributes"][0]["required"] is True


async def test_admin_creates_rotates_and_revokes_keys(intake):
    client, _, url = intake
    async with Inbox(url, "apikey.changed") as inbox:
        created = await client.post("/v1/admin/keys", json={"role": "channel", "channel": "cimer", "label": "CİMER"},
                                    headers=ADMIN)
        assert created.status_code == 201
        key = created.json()
        secret = key["secret"]
        assert key["channel"] == "cimer" and key["version"] == 1 and not key["revoked"]
        submitted = await client.post("/v1/requests", json=application(), headers={"X-API-Key": secret})
        assert submitted.status_code == 201
        view = (await client.get(f"/v1/requests/{submitted.json()['tracking_no']}", headers=STAFF)).json()
        assert view["channel"] == "cimer" and view["key_id"] == key["key_id"]

        rotated = (await client.post(f"/v1/admin/keys/{key['key_id']}/rotate", headers=ADMIN)).json()
        assert rotated["version"] == 2 and rotated["secret"] != secret
        assert (await client.post("/v1/requests", json=application(), headers={"X-API-Key": secret})).status_code == 401
        new = {"X-API-Key": rotated["secret"]}
        assert (await client.post("/v1/requests", json=application(), headers=new)).status_code == 201

        revoked = (await client.post(f"/v1/admin/keys/{key['key_id']}/revoke", headers=ADMIN)).json()
        assert revoked["revoked"] is True and revoked["version"] == 3
        assert (await client.post("/v1/requests", json=application(), headers=new)).status_code == 401
        changes = await inbox.wait_for("apikey.changed", 3)
    assert [c["version"] for c in changes] == [1, 2, 3]
    assert all(secret not in json.dumps(c) and rotated["secret"] not in json.dumps(c) for c in changes)
    assert changes[2]["revoked"] is True and changes[0]["key_hash"] != changes[1]["key_hash"]
    listed = (await client.get("/v1/admin/keys", headers=ADMIN)).json()
    assert any(k["key_id"] == key["key_id"] and k["revoked"] for k in listed)
    assert all("secret" not in k and "key_hash" not in k for k in listed)


async def test_key_admin_refuses_bad_requests(intake):
    client, _, _ = intake
    assert (await client.post("/v1/admin/keys", json={"role": "channel"}, headers=ADMIN)).status_code == 422
    assert (await client.post("/v1/admin/keys", json={"role": "department", "department": "nasa"},
                              headers=ADMIN)).status_code == 422
    assert (await client.post("/v1/admin/keys", json={"role": "staff"}, headers=STAFF)).status_code == 403
    assert (await client.post("/v1/admin/keys/key-none/rotate", headers=ADMIN)).status_code == 404


async def test_admin_edits_the_catalogue_and_each_change_is_published(intake):
    client, _, url = intake
    version = (await client.get("/v1/admin/catalogue", headers=ADMIN)).json()["version"]
    service = {"code": "cesme-arizasi", "name_tr": "Çeşme arızası", "group": "Su ve Kanalizasyon",
               "department": "kaski", "sla": {"amount": 3, "unit": "working_days"}, "keywords": ["çeşme"]}
    async with Inbox(url, "catalogue.changed") as inbox:
        put = await client.put("/v1/admin/catalogue/services/cesme-arizasi", json=service, headers=ADMIN)
        assert put.status_code == 200 and put.json()["version"] == version + 1
        body = application(service_code="cesme-arizasi", attributes={})
        assert (await client.post("/v1/requests", json=body, headers=CHANNEL)).status_code == 201
        gone = await client.delete("/v1/admin/catalogue/services/cesme-arizasi", headers=ADMIN)
        assert gone.json()["version"] == version + 2
        [first, second] = await inbox.wait_for("catalogue.changed", 2)
    assert first["version"] == version + 1 and second["version"] == version + 2
    assert len(first["services"]) >= 31
    assert [s for s in second["services"] if s["code"] == "cesme-arizasi"][0]["active"] is False
    assert (await client.post("/v1/requests", json=body, headers=CHANNEL)).status_code == 422
    assert "cesme-arizasi" not in {s["code"] for s in (await client.get("/v1/services")).json()}
    bad = await client.put("/v1/admin/catalogue/services/x1", json={**service, "code": "x1", "department": "nasa"},
                           headers=ADMIN)
    assert bad.status_code == 422 and "department" in str(bad.json())
    assert (await client.delete("/v1/admin/catalogue/services/none", headers=ADMIN)).status_code == 404
    assert (await client.put("/v1/admin/catalogue/services/x1", json=service, headers=STAFF)).status_code == 403


async def test_first_start_seeds_the_catalogue_and_announces_it(intake):
    client, _, url = intake
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue("routing.catalogue-changed")

        async def version_one():
            while message := await queue.get(no_ack=True, fail=False):
                body = json.loads(message.body)
                if body["version"] == 1:
                    return body
            return None

        snapshot = await eventually(version_one, what="catalogue.changed version 1 in routing's queue")
    finally:
        await connection.close()
    assert len(snapshot["services"]) == 37
    assert {s["department"] for s in snapshot["services"]} >= {"kaski", "fen-isleri", "zabita", "halkla-iliskiler"}
