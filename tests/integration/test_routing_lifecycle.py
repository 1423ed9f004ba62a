"""The case lifecycle over HTTP and AMQP: each transition, 409 for illegal or stale ones, 403 for
another department, idempotent replays, reassignment (work item again + training correction)."""

import json
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from shared.contracts.routing import UpdateCase
from tests.integration.test_routing_helpers import (
    Watch, eventually, load_catalogue, publish, registered, routing,
)

pytestmark = pytest.mark.integration
CEVRE, KASKI, PARK = ({"X-API-Key": f"dev-dept-{d}"} for d in ("cevre", "kaski", "park-bahce"))
TRIAGE, STAFF = {"X-API-Key": "dev-dept-triage"}, {"X-API-Key": "dev-staff"}


@pytest.fixture(scope="module")
async def service(rabbit_url, mongo_url):
    async with routing(rabbit_url, mongo_url, "routing_lifecycle") as (app, client):
        await load_catalogue(rabbit_url, app)
        yield app, client



async def _open(rabbit_url, watch, text="çöp 3 gündür alınmadı, 0532 123 45 67 arayın", **fields):
    fields.setdefault("service_code", "cop-toplama")
    request = registered(text, **fields)
    await publish(rabbit_url, request)
    await watch.wait_for("dept.cevre" if fields["service_code"] == "cop-toplama" else "dept.triage",
                         request.tracking_no)
    return request.tracking_no


async def _move(client, tn, headers, to, **body):
    return await client.post(f"/v1/cases/{tn}/transitions", headers=headers, json={"to": to, **body})


async def test_happy_path_each_transition_publishes_status_changed(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch)
        for version, to in enumerate(("acknowledged", "in_progress", "resolved"), start=2):
            response = await _move(client, tn, CEVRE, to, note=f"{to} — tel 0532 123 45 67")
            assert response.status_code == 200, response.text
            assert response.json()["case_version"] == version and response.json()["status"] == to
        changes = await watch.wait_for("events", tn, "case.status_changed", count=3)
    assert [(m["body"]["status"], m["body"]["case_version"]) for m in changes] == [
        ("acknowledged", 2), ("in_progress", 3), ("resolved", 4)]
    assert all(m["body"]["actor_role"] == "department" and "0532" not in m["body"]["public_note"] for m in changes)
    case = (await client.get(f"/v1/cases/{tn}", headers=CEVRE)).json()
    assert [h["status"] for h in case["history"]] == ["routed", "acknowledged", "in_progress", "resolved"]
    assert all(h["at"] and h["actor_role"] for h in case["history"])
    assert (await _move(client, tn, CEVRE, "in_progress")).status_code == 409  # resolved is final


async def test_illegal_and_stale_transitions_get_409(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch)
    skipped = await _move(client, tn, CEVRE, "resolved")
    assert skipped.status_code == 409 and skipped.json()["detail"]["reason"] == "illegal_transition"
    assert skipped.json()["detail"]["allowed"] == ["acknowledged", "duplicate", "reassigned", "rejected"]
    assert (await _move(client, tn, CEVRE, "acknowledged", case_version=1)).status_code == 200
    stale = await _move(client, tn, CEVRE, "in_progress", case_version=1)
    assert stale.status_code == 409 and stale.json()["detail"]["reason"] == "version_conflict"
    assert (await _move(client, tn, CEVRE, "reassigned")).status_code == 422  # no target department
    assert (await _move(client, tn, CEVRE, "rejected", note="not municipal")).json()["status"] == "rejected"
    assert (await client.post("/v1/cases/153-2026-000000000/transitions", headers=CEVRE,
                              json={"to": "acknowledged"})).status_code == 404


async def test_other_departments_get_403_staff_and_supervisor_see_all(service, rabbit_url):
    app, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch, location={"district": "Kocasinan"},
                         citizen={"name": "Ayşe Yılmaz", "phone": "+905321234567"}, consent={"department_contact": True})
    assert (await client.get(f"/v1/cases/{tn}", headers=KASKI)).status_code == 403
    assert (await _move(client, tn, KASKI, "acknowledged")).status_code == 403
    assert (await client.get(f"/v1/cases/{tn}", headers=CEVRE)).json()["contact"]["phone"] == "+905321234567"
    assert await app.state.runtime.db["audit_log"].find_one({"key_id": "dev-dept-cevre"}) is None  # its own case
    assert (await client.get(f"/v1/cases/{tn}", headers=STAFF)).status_code == 200
    audit = await app.state.runtime.db["audit_log"].find_one({"action": "read_case", "key_id": "dev-staff"})
    assert audit["tracking_nos"] == [tn] and audit["role"] == "staff" and "+90532" not in str(audit)
    assert (await client.get(f"/v1/cases/{tn}", headers=TRIAGE)).status_code == 200
    assert (await _move(client, tn, TRIAGE, "acknowledged")).status_code == 403  # not its case
    assert (await client.get(f"/v1/cases/{tn}", headers={"X-API-Key": "dev-web"})).status_code == 403
    assert (await client.get(f"/v1/cases/{tn}")).status_code == 401
    own = (await client.get("/v1/cases", headers=CEVRE, params={"district": "KOCASİNAN"})).json()
    assert tn in [c["tracking_no"] for c in own["items"]]
    assert all(c["department"] == "cevre" for c in own["items"])
    assert tn not in [c["tracking_no"] for c in (await client.get("/v1/cases", headers=KASKI)).json()["items"]]
    assert (await client.get("/v1/cases", headers=KASKI, params={"department": "cevre"})).status_code == 403
    by_status = (await client.get("/v1/cases", headers=CEVRE, params={"status": ["acknowledged"]})).json()
    assert tn not in [c["tracking_no"] for c in by_status["items"]]
    page = (await client.get("/v1/cases", headers=STAFF, params={"page_size": 1, "page": 2})).json()
    assert page["page"] == 2 and len(page["items"]) == 1 and page["total"] >= 2
    assert (await client.get("/v1/cases", headers=CEVRE, params={"overdue": True})).json()["items"] == []


async def test_overdue_filter(service, rabbit_url):
    app, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch)
    cases = app.state.runtime.db["cases"]
    # A tiny SLA: the stand-in keeps datetimes only when written whole, so rewrite the document.
    doc = await cases.find_one({"_id": tn})
    doc["due_at"] = datetime.now(UTC) - timedelta(hours=1)
    await cases.replace_one({"_id": tn}, doc)
    overdue = (await client.get("/v1/cases", headers=CEVRE, params={"overdue": True})).json()["items"]
    assert [c["tracking_no"] for c in overdue] == [tn] and overdue[0]["overdue"] is True


async def test_reassignment_republishes_the_work_item_and_keeps_the_correction(service, rabbit_url):
    app, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch, text="parktaki ağaç devrildi, 0532 123 45 67")
        response = await _move(client, tn, CEVRE, "reassigned", department="park-bahce", note="parklar")
        assert response.status_code == 200 and response.json()["department"] == "park-bahce"
        item = (await watch.wait_for("dept.park-bahce", tn))[0]
    assert item["body"]["reason"] == "reassigned" and item["body"]["case_version"] == 2
    assert (await _move(client, tn, CEVRE, "acknowledged")).status_code == 403  # no longer cevre's
    assert (await _move(client, tn, PARK, "acknowledged")).status_code == 200
    correction = await app.state.runtime.db["corrections"].find_one({"tracking_no": tn})
    assert (correction["old_department"], correction["new_department"]) == ("cevre", "park-bahce")
    assert "0532" not in correction["text"] and "ağaç" in correction["text"]
    # The supervisor may move any case.
    assert (await _move(client, tn, TRIAGE, "reassigned", department="cevre")).status_code == 200
    # Admins export the corrections as training lines for `classifier train --corrections`.
    assert (await client.get("/v1/admin/corrections", headers=CEVRE)).status_code == 403
    exported = await client.get("/v1/admin/corrections", headers={"X-API-Key": "dev-admin"})
    lines = [json.loads(line) for line in exported.text.splitlines()]
    mine = [line for line in lines if line["id"].startswith(tn)]
    assert [(m["was"], m["department"]) for m in mine] == [("cevre", "park-bahce"), ("park-bahce", "cevre")]
    assert all("0532" not in m["text"] for m in mine)


async def test_idempotency_key_replays_without_a_second_change(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch)
        headers = {**CEVRE, "Idempotency-Key": "clerk-42-ack"}
        first = await client.post(f"/v1/cases/{tn}/transitions", headers=headers, json={"to": "acknowledged"})
        again = await client.post(f"/v1/cases/{tn}/transitions", headers=headers, json={"to": "acknowledged"})
        assert first.status_code == again.status_code == 200
        assert again.json()["case_version"] == first.json()["case_version"] == 2
        await _move(client, tn, CEVRE, "in_progress")
        changes = await watch.wait_for("events", tn, "case.status_changed", count=2)
    assert [m["body"]["status"] for m in changes] == ["acknowledged", "in_progress"]


async def _command(rabbit_url, department, command, message_id):
    return await publish(rabbit_url, command, routing_key=f"case.update.{department}", message_id=message_id)


async def _parked(rabbit_url, message_id):
    conn = await aio_pika.connect(rabbit_url)
    async with conn:
        queue = await (await conn.channel()).get_queue("routing.case-update.dlq", ensure=False)
        while (msg := await queue.get(fail=False, no_ack=False)) is not None:
            if msg.message_id == message_id:
                await msg.ack()
                return msg.headers["x-error"]
            await msg.nack(requeue=True)
            return None
    return None


async def test_amqp_commands_same_rules_and_invalid_ones_are_parked(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        tn = await _open(rabbit_url, watch)
        ack = UpdateCase(tracking_no=tn, to="acknowledged", note="ekip yolda")
        await _command(rabbit_url, "cevre", ack, "cmd-ack-1")
        await _command(rabbit_url, "cevre", ack, "cmd-ack-1")  # redelivered: no second change
        await _command(rabbit_url, "cevre", UpdateCase(tracking_no=tn, to="in_progress"), "cmd-work-1")
        changes = await watch.wait_for("events", tn, "case.status_changed", count=2)
        assert [m["body"]["status"] for m in changes] == ["acknowledged", "in_progress"]
        assert changes[0]["headers"].get("causation_id") == "cmd-ack-1"
    for department, command, reason in (
        ("kaski", UpdateCase(tracking_no=tn, to="resolved"), "Forbidden"),
        ("cevre", UpdateCase(tracking_no=tn, to="acknowledged"), "IllegalTransition"),
        ("cevre", UpdateCase(tracking_no="153-2026-000000001", to="acknowledged"), "CaseNotFound"),
    ):
        message_id = f"bad-{reason}-{tn}"
        await _command(rabbit_url, department, command, message_id)
        error = await eventually(lambda: _parked(rabbit_url, message_id))
        assert reason in error
    case = (await client.get(f"/v1/cases/{tn}", headers=CEVRE)).json()
    assert case["status"] == "in_progress" and case["case_version"] == 3
