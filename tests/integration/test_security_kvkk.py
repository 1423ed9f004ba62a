"""KVKK across the four services (in-process, one private vhost, the Mongo stand-in): a citizen's
data exported by staff (audited), erased on request in intake, routing, notify and events with each
service's `citizen.erasure_completed` recorded in intake, the erasure logged without the data; and
retention anonymising closed applications."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from services.intake.domain.privacy import ERASED_NAME
from shared.erasure import subjects_for
from tests.integration.test_security_stack import (
    ADMIN, EMAIL, NAME, PHONE, STAFF, TCKN, WEB, application, published_event, security_stack,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]
NEEDLES = (PHONE, PHONE[3:], EMAIL, EMAIL.lower(), TCKN, NAME, "Güvenlik Sk")


@pytest.fixture(scope="module")
async def stack(mongo_url):
    async with security_stack(mongo_url, "kvkk", retention_days=0) as running:
        yield running


def _holds(doc, *needles: str) -> list[str]:
    text = json.dumps(doc, default=str, ensure_ascii=False)
    return [n for n in needles if n in text]


async def _submitted(stack, text: str = "Sokak lambası yanmıyor") -> str:
    # Distinct texts, so routing never links one as a duplicate (closed) of another.
    body = application(text=f"{text}, beni {PHONE} numarasından arayın.")
    r = await stack.clients["intake"].post("/v1/requests", json=body, headers=WEB)
    assert r.status_code == 201, r.text
    tracking_no = r.json()["tracking_no"]

    async def everywhere():
        case = await stack.db("routing")["cases"].find_one({"_id": tracking_no})
        contact = await stack.db("notify")["contacts"].find_one({"_id": tracking_no})
        return case and case.get("contact") and contact and contact.get("phone")

    await eventually(everywhere, what="the application in routing and notify")
    return tracking_no


async def test_export_returns_what_intake_holds_and_is_audited(stack):
    tracking_no = await _submitted(stack)
    intake = stack.clients["intake"]
    r = await intake.post("/v1/admin/citizens/export", json={"phone": "0532 765 12 34"}, headers=STAFF)
    assert r.status_code == 200, r.text
    export = r.json()
    mine = [a for a in export["applications"] if a["tracking_no"] == tracking_no]
    assert mine and mine[0]["citizen"]["phone"] == PHONE and mine[0]["citizen"]["national_id"] == TCKN
    assert export["identifiers"] == {"phone": PHONE}
    secret = stack.apps["intake"].state.intake.settings.irtibat_secret
    assert export["erasure_subjects"] == subjects_for(secret, phones=(PHONE,))
    by_id = await intake.post("/v1/admin/citizens/export", json={"national_id": TCKN}, headers=ADMIN)
    assert tracking_no in {a["tracking_no"] for a in by_id.json()["applications"]}
    audit = await stack.db("intake")["audit_log"].find({"action": "citizen_export"}).to_list()
    assert {a["key_id"] for a in audit} == {"dev-staff", "dev-admin"}
    assert all(tracking_no in a["found"] and not _holds(a, *NEEDLES) for a in audit)
    # Refusals: nothing to look for, a malformed identifier, a channel key, no key.
    assert (await intake.post("/v1/admin/citizens/export", json={}, headers=STAFF)).status_code == 422
    bad = await intake.post("/v1/admin/citizens/export", json={"email": "not-an-address"}, headers=STAFF)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "email"]
    assert (await intake.post("/v1/admin/citizens/export", json={"phone": PHONE}, headers=WEB)).status_code == 403
    assert (await intake.post("/v1/admin/citizens/export", json={"phone": PHONE})).status_code == 401


async def test_erasure_reaches_every_service_and_is_logged_without_the_data(stack, caplog):
    tracking_no = await _submitted(stack, "Parktaki salıncak kırık, çocuklar yaralanabilir")
    event_id, session_id = await published_event(stack.clients["events"])
    r = await stack.clients["events"].post(f"/v1/events/{event_id}/registrations", json={
        "session_id": session_id, "name": NAME, "phone": "0532 765 12 34", "email": EMAIL, "role": "job_seeker",
        "consent": {"kvkk_ack": True, "notify_sms": True}})
    assert r.status_code == 201, r.text
    registration_id = r.json()["id"]
    intake = stack.clients["intake"]
    # Only an admin may erase.
    assert (await intake.post("/v1/admin/citizens/erasures", json={"phone": PHONE}, headers=STAFF)).status_code == 403

    with caplog.at_level(logging.INFO):
        r = await intake.post("/v1/admin/citizens/erasures", headers=ADMIN,
                              json={"phone": PHONE, "email": EMAIL, "national_id": TCKN, "reference": "KVKK-1"})
        assert r.status_code == 202, r.text
        erasure_id = r.json()["erasure_id"]
        assert r.json()["services"]["intake"]["counts"]["applications"] >= 1

        async def complete():
            status = await intake.get(f"/v1/admin/citizens/erasures/{erasure_id}", headers=STAFF)
            return status.json() if status.json()["complete"] else None

        status = await eventually(complete, 60, "every service's erasure_completed")
    assert status["services"]["routing"]["counts"]["cases"] >= 1
    assert status["services"]["notify"]["counts"]["contacts"] >= 1
    assert status["services"]["events"]["counts"]["registrations"] == 1
    assert status["identifier_kinds"] == ["email", "national_id", "phone"] and status["subjects_count"] == 3

    held = {
        "intake": await stack.db("intake")["applications"].find_one({"_id": tracking_no}),
        "routing": await stack.db("routing")["cases"].find_one({"_id": tracking_no}),
        "notify": await stack.db("notify")["contacts"].find_one({"_id": tracking_no}),
        "events": await stack.db("events")["registrations"].find_one({"_id": registration_id}),
    }
    for service, doc in held.items():
        assert doc is not None and not _holds(doc, *NEEDLES), (service, _holds(doc, *NEEDLES))
    assert held["intake"]["citizen"]["name"] == ERASED_NAME and held["intake"]["erased"] == 1
    assert held["intake"]["text"].startswith("Parktaki salıncak kırık") and "[telefon gizlendi]" in held["intake"]["text"]
    assert held["routing"]["contact"] is None and held["events"]["name"] == "[silindi]"
    # The erasure itself is on record — who, when, how many — without the person.
    record = await stack.db("intake")["erasures"].find_one({"_id": erasure_id})
    assert record["key_id"] == "dev-admin" and not _holds(record, *NEEDLES)
    audit = await stack.db("intake")["audit_log"].find_one({"action": "citizen_erasure", "erasure_id": erasure_id})
    assert audit and tracking_no in audit["found"] and not _holds(audit, *NEEDLES)
    logged = [rec.getMessage() for rec in caplog.records]
    assert any(erasure_id in line for line in logged)
    assert not [line for line in logged if _holds(line, *NEEDLES)]
    # Gone from the export too; an unknown erasure is 404.
    again = await intake.post("/v1/admin/citizens/export", json={"phone": PHONE}, headers=ADMIN)
    assert tracking_no not in {a["tracking_no"] for a in again.json()["applications"]}
    assert (await intake.get("/v1/admin/citizens/erasures/er-nope", headers=STAFF)).status_code == 404


async def test_retention_anonymises_closed_applications_only(stack):
    closed = await _submitted(stack, "Kaldırım taşları sökülmüş, yaşlılar düşüyor")
    still_open = await _submitted(stack, "Otobüs durağının camı kırılmış, yağmurda ıslanıyoruz")
    routing = stack.clients["routing"]
    for to in ("acknowledged", "in_progress", "resolved"):
        r = await routing.post(f"/v1/cases/{closed}/transitions", json={"to": to}, headers=ADMIN)
        assert r.status_code == 200, r.text

    async def closed_in_intake():
        doc = await stack.db("intake")["applications"].find_one({"_id": closed})
        return doc["public_status"] == "closed"

    await eventually(closed_in_intake, what="intake seeing the case resolved")
    assert (await stack.clients["intake"].post("/v1/admin/retention/run", headers=STAFF)).status_code == 403
    r = await stack.clients["intake"].post("/v1/admin/retention/run", headers=ADMIN)
    assert r.status_code == 200 and r.json()["anonymised"] >= 1
    gone = await stack.db("intake")["applications"].find_one({"_id": closed})
    kept = await stack.db("intake")["applications"].find_one({"_id": still_open})
    assert gone["erased"] == 1 and gone["erased_why"] == "retention" and not _holds(gone, *NEEDLES)
    assert gone["status"] == "resolved" and gone["location"]["district"] == "Melikgazi"
    assert kept["citizen"]["phone"] == PHONE and kept.get("erased") != 1
    # A second round has nothing left to do for it.
    again = await stack.clients["intake"].post("/v1/admin/retention/run", headers=ADMIN)
    assert again.json()["anonymised"] == 0

    # Routing and notify, with their own periods (730 and 365 days), two years and a day from now.
    later = datetime.now(UTC) + timedelta(days=731)
    assert await stack.apps["routing"].state.retention.run_once(datetime.now(UTC)) == 0
    assert await stack.apps["routing"].state.retention.run_once(later) >= 1
    case = await stack.db("routing")["cases"].find_one({"_id": closed})
    open_case = await stack.db("routing")["cases"].find_one({"_id": still_open})
    assert case["contact"] is None and case["erased_why"] == "retention" and not _holds(case, *NEEDLES)
    assert open_case["contact"]["phone"] == PHONE
    assert (await stack.apps["notify"].state.retention.run_once(datetime.now(UTC)))["contacts"] == 0
    cleared = await stack.apps["notify"].state.retention.run_once(later)
    assert cleared["contacts"] >= 2 and cleared["notifications"] >= 1
    contact = await stack.db("notify")["contacts"].find_one({"_id": closed})
    assert contact["phone"] is None and contact["email"] is None and not _holds(contact, *NEEDLES)
    logged = await stack.db("notify")["notifications"].find({"correlation_id": closed}).to_list()
    assert logged and not _holds(logged, *NEEDLES)
