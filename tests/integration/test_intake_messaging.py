"""Intake's messaging on the real broker: the AMQP channel (valid, idempotent, invalid → parked with
its reason), 200 concurrent submissions, and the timeline following routing's case events."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from tests.integration.test_intake_fixtures import CHANNEL, STAFF, Inbox, application, eventually, intake_app

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def intake(mongo_url):
    async with intake_app(mongo_url) as running:
        yield running


@pytest.fixture
async def amqp(intake):
    connection = await aio_pika.connect(intake[2])
    yield await connection.channel()
    await connection.close()


async def _call(channel, routing_key: str, body, message_id: str, reply: bool = True):
    """Publish an intake.submit command; return the reply (dict) when asked for one."""
    replies = await channel.declare_queue(exclusive=True, auto_delete=True) if reply else None
    commands = await channel.get_exchange("irtibat.commands")
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    await commands.publish(aio_pika.Message(payload, content_type="application/json",
                                            message_id=message_id,
                                            reply_to=replies.name if replies else None), routing_key=routing_key)
    if replies is None:
        return None

    async def answer():
        return await replies.get(no_ack=True, fail=False)

    message = await eventually(answer, what="a reply")
    assert message.correlation_id == message_id  # matched to the command it answers
    return json.loads(message.body)


async def test_amqp_submission_is_registered_and_answered(intake, amqp):
    client, _, url = intake
    async with Inbox(url, "request.registered") as inbox:
        reply = await _call(amqp, "intake.submit.phone", application(), message_id="call-42")
        assert reply["status"] == "received" and reply["tracking_no"].startswith("153-")
        again = await _call(amqp, "intake.submit.phone", application(), message_id="call-42")
        assert again["tracking_no"] == reply["tracking_no"]
        messages = await inbox.wait_for("request.registered", 1)
    assert messages[0]["channel"] == "phone" and messages[0]["tracking_no"] == reply["tracking_no"]
    view = (await client.get(f"/v1/requests/{reply['tracking_no']}", headers=STAFF)).json()
    assert view["channel"] == "phone" and view["key_id"] == "amqp:phone"


async def test_invalid_amqp_submission_gets_errors_and_is_parked(intake, amqp):
    body = application(citizen={"phone": "42"}, kind="rumour")
    reply = await _call(amqp, "intake.submit.sms", body, message_id="sms-bad-1")
    assert reply["status"] == "rejected"
    assert {tuple(e["loc"]) for e in reply["errors"]} == {("citizen", "phone"), ("kind",)}
    dlq = await amqp.get_queue("intake.submit.dlq")

    async def parked():
        return await dlq.get(no_ack=True, fail=False)

    message = await eventually(parked, what="the parked command")
    assert message.message_id == "sms-bad-1"
    assert "citizen.phone" in message.headers["x-error"] and "kind" in message.headers["x-error"]
    assert message.headers["x-original-routing-key"] == "intake.submit.sms"


async def test_unknown_channel_is_parked_without_reply_to(intake, amqp):
    await _call(amqp, "intake.submit.fax", application(), message_id="fax-1", reply=False)
    dlq = await amqp.get_queue("intake.submit.dlq")

    async def parked():
        message = await dlq.get(no_ack=True, fail=False)
        return message if message and message.message_id == "fax-1" else None

    message = await eventually(parked, what="the parked fax command")
    assert "unknown channel" in message.headers["x-error"]


async def test_200_concurrent_submissions(intake):
    client, _, url = intake
    async with Inbox(url, "request.registered") as inbox:
        answers = await asyncio.gather(*(client.post("/v1/requests", json=application(text=f"Başvuru {i}"),
                                                     headers=CHANNEL) for i in range(200)))
        assert {a.status_code for a in answers} == {201}
        numbers = {a.json()["tracking_no"] for a in answers}
        assert len(numbers) == 200

        async def all_published():
            mine = [m for m in inbox.messages if json.loads(m.body)["tracking_no"] in numbers]
            return mine if {json.loads(m.body)["tracking_no"] for m in mine} == numbers else None

        mine = await eventually(all_published, timeout=30, what="200 request.registered messages")
    # Delivery is at-least-once: a redelivery carries the same message id, never a second message.
    assert len({m.message_id for m in mine}) == 200
    assert {m.correlation_id for m in mine} == numbers
    # The receipt's look-up code travels with the message, so notify can put it on the receipt.
    codes = {a.json()["tracking_no"]: a.json()["tracking_code"] for a in answers}
    assert all(json.loads(m.body)["tracking_code"] == codes[m.correlation_id] for m in mine)


async def _publish_case(channel, mtype: str, body: dict) -> None:
    events = await channel.get_exchange("irtibat.events")
    await events.publish(aio_pika.Message(json.dumps(body).encode(), type=mtype, message_id=str(uuid.uuid4()),
                                          content_type="application/json", correlation_id=body["tracking_no"]),
                         routing_key=mtype)


async def test_timeline_follows_case_events_newest_wins(intake, amqp):
    client, _, _ = intake
    receipt = (await client.post("/v1/requests", json=application(), headers=CHANNEL)).json()
    no = receipt["tracking_no"]
    t0 = datetime.now(UTC)
    due = (t0 + timedelta(days=1)).isoformat()
    common = {"tracking_no": no, "department": "kaski"}
    await _publish_case(amqp, "case.routed", {**common, "case_version": 1, "occurred_at": t0.isoformat(),
                                              "path": "code", "confidence": 1.0, "due_at": due})
    await _publish_case(amqp, "case.escalated", {**common, "case_version": 2, "occurred_at": t0.isoformat(),
                                                 "due_at": due, "escalated_to": "triage", "level": 1})
    await _publish_case(amqp, "case.status_changed", {**common, "case_version": 4, "occurred_at": t0.isoformat(),
                                                      "status": "resolved", "public_note": "Arıza giderildi. 0532 111 22 33"})

    async def view_at(version: int, entries: int):
        view = (await client.get(f"/v1/requests/{no}", headers=CHANNEL)).json()
        return view if view["case_version"] == version and len(view["timeline"]) == entries else None

    await eventually(lambda: view_at(4, 4), what="case version 4")
    # v3 arrives late: it joins the history but does not overwrite the newer status.
    await _publish_case(amqp, "case.status_changed", {**common, "case_version": 3, "occurred_at": t0.isoformat(),
                                                      "status": "in_progress"})
    view = await eventually(lambda: view_at(4, 5), what="the late v3 entry")
    assert view["status"] == "resolved" and view["department_name"] == "KASKİ Genel Müdürlüğü"
    assert [e["status"] for e in view["timeline"]] == ["received", "routed", "escalated", "in_progress", "resolved"]
    public = (await client.get(f"/v1/track/{no}", params={"code": receipt["tracking_code"]})).json()
    assert public["status"] == "resolved" and public["timeline"][-1]["note"] == "Arıza giderildi. [telefon gizlendi]"
    [open311] = (await client.get(f"/open311/v2/requests/{no}.json")).json()
    assert open311["status"] == "closed" and open311["agency_responsible"] == "KASKİ Genel Müdürlüğü"
    assert open311["status_notes"] == "Arıza giderildi. [telefon gizlendi]"
    assert open311["expected_datetime"].endswith("+03:00")


async def test_case_event_for_unknown_application_is_retried_then_parked(intake, amqp):
    body = {"tracking_no": "153-2020-424242", "department": "kaski", "case_version": 1,
            "occurred_at": datetime.now(UTC).isoformat(), "path": "code", "confidence": 1.0,
            "due_at": datetime.now(UTC).isoformat()}
    await _publish_case(amqp, "case.routed", body)
    dlq = await amqp.get_queue("intake.case-events.dlq")

    async def parked():
        return await dlq.get(no_ack=True, fail=False)

    message = await eventually(parked, what="the parked case event")
    assert "RetryLater" in message.headers["x-error"] and message.headers["x-attempts"] == 3
