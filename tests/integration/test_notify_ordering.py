"""Case messages in case_version order and before their request.registered; escalation webhooks and
e-mails; event registration messages; sends a crash left unrecorded counted as possible doubles."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from services.notify.adapters.providers import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from services.notify.adapters.store import ms
from services.notify.domain.ids import notification_id
from shared.contracts.events import RegistrationCancelled, RegistrationConfirmed, ReminderDue
from shared.contracts.routing import CaseEscalated
from tests.integration.test_notify_helpers import (
    WEBHOOK_SECRET, email, notify_env, phone, registered, routed, status_changed, tracking_no, until,
)

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(scope="module")
async def env(rabbit_url, mongo_url):
    async with notify_env(rabbit_url, mongo_url) as env:
        yield env


async def _log(env, cid, n, status=None):
    log = [i for i in await env.log(cid) if status is None or i["status"] == status]
    return log if len(log) >= n else None


async def test_a_case_message_before_its_request_registered_waits_and_is_not_lost(env):
    tn, tel = tracking_no(), phone()
    await env.publish(routed(tn, 1))
    await until(lambda: _retried(env, "notify.applications"), what="a retry")
    assert env.sms_to(tel) == []
    await env.publish(registered(tn, phone=tel, email=None))
    sms = await until(lambda: _n(env.sms_to(tel), 2), what="receipt and routed")
    assert {("receipt" if "alındı" in m["text"] else "routed") for m in sms} == {"receipt", "routed"}


async def test_an_older_case_version_after_a_newer_one_tells_nothing(env):
    tn, tel = tracking_no(), phone()
    await env.publish(registered(tn, phone=tel, email=None))
    await until(lambda: _n(env.sms_to(tel), 1), what="receipt")
    await env.publish(routed(tn, 1))
    await env.publish(status_changed(tn, 2, "in_progress"))
    await env.publish(status_changed(tn, 3, "resolved", "Tamamlandı."))
    await until(lambda: _n(env.sms_to(tel), 3), what="routed and resolved")
    await env.publish(routed(tn, 2, department="kaski"))  # stale: version 2 is held
    late = status_changed(tn, 4, "duplicate", master_tracking_no="153-2026-000001")
    await env.publish(late)
    sms = await until(lambda: _n(env.sms_to(tel), 4), what="duplicate notice")
    assert "153-2026-000001" in sms[3]["text"] and "birleştirildi" in sms[3]["text"]
    assert not any("KASKİ" in m["text"] for m in sms)
    assert len(sms) == 4


async def test_a_version_gap_waits_for_the_missing_message_first(env):
    tn, tel = tracking_no(), phone()
    await env.publish(registered(tn, phone=tel, email=None))
    await until(lambda: _n(env.sms_to(tel), 1), what="receipt")
    await env.publish(status_changed(tn, 2, "resolved", "Tamam."))  # arrives before routed v1
    await env.publish(routed(tn, 1))
    sms = await until(lambda: _n(env.sms_to(tel), 3), what="routed then resolved")
    assert "iletildi" in sms[1]["text"] and "çözüldü" in sms[2]["text"]


async def test_escalation_reaches_the_department_by_signed_webhook_and_e_mail(env):
    tn, tel = tracking_no(), phone()
    await env.publish(registered(tn, phone=tel, email=None))
    now = datetime.now(UTC)
    await env.publish(CaseEscalated(tracking_no=tn, case_version=2, occurred_at=now, department="fen-isleri",
                                    due_at=now - timedelta(hours=1), escalated_to="triage", level=1))
    hooks = await until(lambda: _n([h for h in env.hooks if tn.encode() in h["body"]], 2), what="two webhooks")
    assert {h["name"] for h in hooks} == {"fen-isleri", "triage"}
    for h in hooks:
        ts, sig = h["headers"][TIMESTAMP_HEADER.lower()], h["headers"][SIGNATURE_HEADER.lower()]
        assert verify(WEBHOOK_SECRET, ts, h["body"], sig)
        assert not verify("another-secret", ts, h["body"], sig)
        assert not verify(WEBHOOK_SECRET, ts, h["body"] + b" ", sig)
        body = json.loads(h["body"])
        assert body["type"] == "case_escalated" and body["level"] == 1 and body["tracking_no"] == tn
        assert tel not in h["body"].decode()
    mails = await until(lambda: _n([m for m in env.mail_to("fen-isleri@kayseri.bel.tr") if tn in m["Subject"]], 1),
                        what="the department's e-mail")
    assert "Eskalasyon" in mails[0]["Subject"]
    assert len(env.sms_to(tel)) == 1  # the citizen is not told about escalations


async def test_event_registration_messages_reach_the_registrant(env):
    tel, mail = phone(), email()
    start = datetime(2026, 3, 12, 7, 0, tzinfo=UTC)  # 10:00 in Kayseri
    common = dict(registration_id=f"reg-{tel[-6:]}", event_id="ev1", event_title_tr="Kariyer Günü",
                  event_title_en="Career Day", session_id="s1", session_start=start, venue="İletişim Alanı",
                  contact={"name": "Mehmet", "phone": tel, "email": mail},
                  consent={"kvkk_ack": True, "notify_sms": True, "notify_email": True})
    rid = common["registration_id"]
    await env.publish(RegistrationConfirmed(**common, version=1, checkin_code="QX42"))
    sms = await until(lambda: _n(env.sms_to(tel), 1), what="confirmation SMS")
    assert "Kariyer Günü" in sms[0]["text"] and "QX42" in sms[0]["text"] and "12.03.2026 10:00" in sms[0]["text"]
    mails = await until(lambda: _n(env.mail_to(mail), 1), what="confirmation e-mail")
    assert "Career Day" in mails[0].get_content()
    await env.publish(ReminderDue(**common, version=1))
    await until(lambda: _n(env.sms_to(tel), 2), what="reminder")
    await env.publish(RegistrationCancelled(**common, version=2, reason="event_cancelled"))
    sms = await until(lambda: _n(env.sms_to(tel), 3), what="cancellation")
    assert "iptal edildi" in sms[2]["text"]
    await env.publish(RegistrationConfirmed(**common, version=1, checkin_code="QX42"))  # late, stale
    log = await until(lambda: _log(env, rid, 6, "sent"), what="six sent")
    assert len(log) == 6 and len(env.sms_to(tel)) == 3


async def test_a_claim_abandoned_by_a_crash_is_sent_once_more_and_counted(env):
    tn, tel = tracking_no(), phone()
    message_id = "crashed-before-record-" + tn
    nid = notification_id(message_id, tel, "sms")
    long_ago = env.clock.now() - timedelta(hours=1)
    await env.store.notifications.insert_one({
        "_id": nid, "source_message_id": message_id, "correlation_id": tn, "channel": "sms", "template": "receipt",
        "status": "pending", "claimed_ms": ms(long_ago), "lease_ms": ms(long_ago), "attempts": 1,
        "possible_double": 0, "origin": "handler", "created_at": long_ago})
    before = (await env.client.get("/v1/notifications/stats", headers={"X-API-Key": "dev-admin"})).json()
    await env.publish(registered(tn, phone=tel, email=None), message_id=message_id)
    entry = await until(lambda: _log(env, tn, 1, "sent"), what="the resend")
    assert entry[0]["possible_double"] is True and entry[0]["attempts"] == 2
    after = (await env.client.get("/v1/notifications/stats", headers={"X-API-Key": "dev-admin"})).json()
    assert after["possible_doubles"] == before["possible_doubles"] + 1
    assert env.app.state.notify["dispatcher"].metrics.possible_doubles >= 1
    assert len(env.sms_to(tel)) == 1


async def _n(items, n):
    return items if len(items) >= n else None


async def _retried(env, queue):
    import aio_pika

    conn = await aio_pika.connect(env.rabbit_url)
    async with conn:
        ch = await conn.channel()
        q = await ch.declare_queue(queue + ".retry", passive=True)
        return q.declaration_result.message_count > 0 or None


async def test_claims_left_pending_at_start_up_are_counted_once(env):
    long_ago = env.clock.now() - timedelta(hours=2)
    await env.store.notifications.insert_one({
        "_id": "n-stale-" + tracking_no(), "source_message_id": "m", "correlation_id": "c", "channel": "email",
        "template": "receipt", "status": "pending", "claimed_ms": ms(long_ago), "lease_ms": ms(long_ago),
        "attempts": 1, "possible_double": 0, "origin": "handler", "created_at": long_ago})
    older_than = env.clock.now() - timedelta(seconds=30)
    assert await env.store.mark_stale_pending(older_than) == 1
    assert await env.store.mark_stale_pending(older_than) == 0


async def test_erasure_removes_addresses_everywhere_and_is_reported_once(env):
    from shared.contracts.intake import CitizenErasureRequested
    from shared.erasure import subjects_for

    tn, tel, mail = tracking_no(), phone(), email()
    await env.publish(registered(tn, phone=tel, email=mail))
    await until(lambda: _log(env, tn, 2, "sent"), what="the receipt")
    staff = {"X-API-Key": "dev-staff"}
    await env.client.put(f"/v1/preferences/{tel}", json={"sms_opt_out": True}, headers=staff)
    request = CitizenErasureRequested(erasure_id="er-" + tn, requested_at=datetime.now(UTC),
                                      subjects=subjects_for("local-dev-secret", phones=(tel,), email=mail))
    await env.publish(request, correlation_id=request.erasure_id)
    report = await until(lambda: env.app.state.db["erasures"].find_one({"_id": request.erasure_id}),
                         what="the erasure report")
    assert report["counts"] == {"contacts": 1, "notifications": 2, "queued_cancelled": 0, "preferences": 1}
    contact = await env.app.state.db["contacts"].find_one({"_id": tn})
    assert contact["phone"] is None and contact["email"] is None
    assert all(i["recipient"] is None for i in await env.log(tn))
    pref = (await env.client.get(f"/v1/preferences/{tel}", headers=staff)).json()
    assert pref["sms_opt_out"] is False and pref["source"] is None
    await env.publish(request, correlation_id=request.erasure_id)  # redelivered: reported once
    await env.publish(status_changed(tn, 1, "resolved"))
    await until(lambda: _log(env, tn, 3), what="resolved handled")
    assert [i["reason"] for i in await env.log(tn) if i["template"] == "case_resolved"] == ["no contact"]
    assert env.sms_to(tel)[-1]["text"].startswith("Alo 153: Başvurunuz alındı")
