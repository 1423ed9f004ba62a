"""Notify against the real local SMTP server (aiosmtpd) and a local HTTP SMS gateway: what arrives,
on which channel, in Turkish, with the right tracking number — and what does not."""

import pytest
import pytest_asyncio

from tests.integration.test_notify_helpers import (
    ADMIN, TOKEN, email, notify_env, phone, registered, routed, status_changed, tracking_no, until,
)

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(scope="module")
async def env(rabbit_url, mongo_url):
    async with notify_env(rabbit_url, mongo_url) as env:
        yield env


def statuses(log: list[dict]) -> list[tuple[str, str, str]]:
    return sorted((i["template"], i["channel"], i["status"]) for i in log)


async def test_receipt_routed_and_resolved_arrive_in_turkish_with_the_tracking_number(env):
    tn, tel, mail = tracking_no(), phone(), email()
    await env.publish(registered(tn, phone=tel, email=mail), raw_extra={"tracking_code": "K7F3"})
    await env.publish(routed(tn, 1))
    await env.publish(status_changed(tn, 2, "resolved", "Çukur asfaltlandı, teşekkür ederiz."))

    sms = await until(lambda: _n(env.sms_to(tel), 3), what="three SMS")
    texts = [m["text"] for m in sms]
    assert all(tn in t for t in texts)
    assert "Başvurunuz alındı" in texts[0] and "K7F3" in texts[0]
    assert "Fen İşleri Dairesi birimine iletildi" in texts[1]
    assert "çözüldü" in texts[2] and "Çukur asfaltlandı" in texts[2]
    mails = await until(lambda: _n(env.mail_to(mail), 3), what="three e-mails")
    subjects = [m["Subject"] for m in mails]
    assert all(tn in s for s in subjects)
    body = mails[2].get_content()
    assert body.index("çözüldü") < body.index("resolved")  # Turkish first, English under it
    assert "Çukur asfaltlandı" in body

    log = await until(lambda: _sent(env, tn, 6), what="six sent in the log")
    assert all(i["recipient"] in ("+90532*****" + tel[-2:], mail[0] + "***@example.com") for i in log)
    assert all(i["provider_id"] and i["sent_at"] for i in log)
    outcomes = await until(lambda: _n(env.outcomes_for(tn, "notification.sent"), 6), what="notification.sent")
    assert {o["template"] for o in outcomes} == {"receipt", "case_routed", "case_resolved"}
    # Each outcome was marked sent in the outbox: nothing is left for the scan to send again.
    held = await until(lambda: _all_marked(env, tn, 6), what="outbox marks")
    assert all(d["outbox_pending"] == 0 and not d.get("outbox") and d["outbox_seq"] == 1 for d in held)


async def test_without_consent_nothing_is_sent_and_the_log_says_why(env):
    tn, tel, mail = tracking_no(), phone(), email()
    await env.publish(registered(tn, phone=tel, email=mail, sms=False, mail=False))
    await env.publish(routed(tn, 1))
    log = await until(lambda: _count(env, tn, 4), what="four log entries")
    assert {(i["channel"], i["status"], i["reason"]) for i in log} == {
        ("sms", "skipped", "no consent"), ("email", "skipped", "no consent")}
    assert env.sms_to(tel) == [] and env.mail_to(mail) == []
    # Consent to e-mail only: nothing by SMS.
    tn2 = tracking_no()
    await env.publish(registered(tn2, phone=tel, email=mail, sms=False, mail=True))
    await until(lambda: _n(env.mail_to(mail), 1), what="the e-mail receipt")
    assert env.sms_to(tel) == []


async def test_sms_opt_out_by_keyword_and_by_the_preferences_api_is_honoured(env):
    tn, tel, mail = tracking_no(), phone(), email()
    await env.publish(registered(tn, phone=tel, email=mail))
    await until(lambda: _n(env.sms_to(tel), 1), what="the SMS receipt")

    bad = await env.client.post("/v1/sms/inbound", json={"from": tel, "text": "IPTAL"},
                                headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    r = await env.client.post("/v1/sms/inbound", json={"from": tel, "text": "İptal lütfen"},
                              headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.json() == {"action": "opted_out"}
    pref = await env.client.get(f"/v1/preferences/{tel}", headers={"X-API-Key": "dev-staff"})
    assert pref.json()["sms_opt_out"] is True and pref.json()["source"] == "sms-keyword"

    await env.publish(routed(tn, 1))
    log = await until(lambda: _count(env, tn, 4), what="routed in the log")
    assert ("case_routed", "sms", "skipped") in statuses(log)
    assert [i["reason"] for i in log if i["template"] == "case_routed" and i["channel"] == "sms"] == ["opted out"]
    await until(lambda: _n(env.mail_to(mail), 2), what="the routed e-mail still arrives")
    assert len(env.sms_to(tel)) == 1

    # Staff turn SMS back on through the API; then off again for another number by API.
    r = await env.client.put(f"/v1/preferences/{tel}", json={"sms_opt_out": False}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["sms_opt_out"] is False
    await env.publish(status_changed(tn, 2, "resolved"))
    await until(lambda: _n(env.sms_to(tel), 2), what="SMS again after opting back in")
    other = phone()
    r = await env.client.put(f"/v1/preferences/{other}", json={"sms_opt_out": True}, headers={"X-API-Key": "dev-staff"})
    assert r.status_code == 200
    tn2 = tracking_no()
    await env.publish(registered(tn2, phone=other, email=None))
    log = await until(lambda: _count(env, tn2, 1), what="the skipped receipt")
    assert log[0]["status"] == "skipped" and log[0]["reason"] == "opted out"
    assert env.sms_to(other) == []


async def test_preferences_api_needs_a_staff_key_and_a_valid_number(env):
    assert (await env.client.get("/v1/preferences/+905321112233")).status_code == 401
    r = await env.client.get("/v1/preferences/+905321112233", headers={"X-API-Key": "dev-web"})
    assert r.status_code == 403
    r = await env.client.put("/v1/preferences/12", json={"sms_opt_out": True}, headers=ADMIN)
    assert r.status_code == 422
    r = await env.client.get("/v1/notifications", params={"correlation_id": "x"}, headers={"X-API-Key": "dev-staff"})
    assert r.status_code == 403


async def test_quiet_hours_defer_sms_to_the_morning_but_not_e_mail(env):
    tn, tel, mail = tracking_no(), phone(), email()
    await env.publish(registered(tn, phone=tel, email=mail))
    await until(lambda: _sent(env, tn, 2), what="the receipt")
    env.clock.set_local(2026, 3, 10, 23, 30)
    try:
        await env.publish(routed(tn, 1))
        log = await until(lambda: _status(env, tn, "case_routed", "sms", "scheduled"), what="a scheduled SMS")
        assert log["scheduled_for"].startswith("2026-03-11T05:00")  # 08:00 in Kayseri
        await until(lambda: _n(env.mail_to(mail), 2), what="the e-mail at once")
        assert len(env.sms_to(tel)) == 1
        env.clock.set_local(2026, 3, 11, 7, 59)
        await env.app.state.notify["scheduler"].run_once()
        assert len(env.sms_to(tel)) == 1
        env.clock.set_local(2026, 3, 11, 8, 0)
        sms = await until(lambda: _n(env.sms_to(tel), 2), what="the SMS at 08:00")
        assert "Fen İşleri" in sms[1]["text"]
        await until(lambda: _status(env, tn, "case_routed", "sms", "sent"), what="sent in the log")
        # An urgent routing goes out at night.
        env.clock.set_local(2026, 3, 11, 2, 0)
        tn2 = tracking_no()
        await env.publish(registered(tn2, phone=tel, email=None))
        await env.publish(routed(tn2, 1, urgent=True))
        await until(lambda: _status(env, tn2, "case_routed", "sms", "sent"), what="urgent SMS at night")
        assert (await _status(env, tn2, "receipt", "sms", "scheduled"))
    finally:
        env.clock.set_local(2026, 3, 10, 10, 0)


async def test_gateway_failures_are_retried_with_back_off_then_succeed(env):
    tn, tel = tracking_no(), phone()
    env.sms.fail_next, env.sms.fail_status = 3, 503
    calls = env.sms.calls
    await env.publish(registered(tn, phone=tel, email=None))
    entry = await until(lambda: _status(env, tn, "receipt", "sms", "sent"), what="sent after retries")
    assert entry["attempts"] == 4 and env.sms.calls - calls == 4
    assert len(env.sms_to(tel)) == 1
    assert len(await until(lambda: _n(env.outcomes_for(tn, "notification.sent"), 1))) == 1


async def test_a_permanent_failure_is_recorded_once_and_published(env):
    tn, tel = tracking_no(), phone()
    env.sms.fail_next, env.sms.fail_status = 1, 400
    calls = env.sms.calls
    await env.publish(registered(tn, phone=tel, email="reject-me@example.com"))
    failed = await until(lambda: _n(env.outcomes_for(tn, "notification.failed"), 2), what="two failures")
    assert {(o["channel"], o["reason"]) for o in failed} == {
        ("sms", "SMS gateway answered HTTP 400"), ("email", "recipient refused: [550]")}
    log = await env.log(tn)
    assert statuses(log) == [("receipt", "email", "failed"), ("receipt", "sms", "failed")]
    assert all(i["attempts"] == 1 for i in log)
    assert env.sms.calls - calls == 1
    # An invalid number never reaches the gateway.
    tn2 = tracking_no()
    await env.publish(registered(tn2, phone="+90 12", email=None))
    await until(lambda: _n(env.outcomes_for(tn2, "notification.failed"), 1), what="invalid number failure")
    assert env.sms.calls - calls == 1
    assert len(env.outcomes_for(tn, "notification.failed")) == 2


async def test_a_redelivered_source_message_sends_nothing_twice(env):
    tn, tel, mail = tracking_no(), phone(), email()
    message_id = await env.publish(registered(tn, phone=tel, email=mail))
    await until(lambda: _sent(env, tn, 2), what="the receipt")
    await env.publish(registered(tn, phone=tel, email=mail), message_id=message_id)
    routed_id = await env.publish(routed(tn, 1))
    await until(lambda: _sent(env, tn, 4), what="routed")
    await env.publish(routed(tn, 1), message_id=routed_id)
    await env.publish(status_changed(tn, 2, "resolved"))
    await until(lambda: _sent(env, tn, 6), what="resolved")  # later messages are through: earlier ones too
    assert len(env.sms_to(tel)) == 3 and len(env.mail_to(mail)) == 3
    assert len(await env.log(tn)) == 6


async def _n(items, n):
    return items if len(items) >= n else None


async def _count(env, tn, n):
    log = await env.log(tn)
    return log if len(log) >= n else None


async def _all_marked(env, tn, n):
    docs = await env.store.notifications.find({"correlation_id": tn}).to_list()
    return docs if len(docs) >= n and all(d.get("outbox_pending") == 0 for d in docs) else None


async def _sent(env, tn, n):
    log = [i for i in await env.log(tn) if i["status"] == "sent"]
    return log if len(log) >= n else None


async def _status(env, tn, template, channel, status):
    for i in await env.log(tn):
        if (i["template"], i["channel"], i["status"]) == (template, channel, status):
            return i
    return None


async def test_a_deferred_sms_that_fails_is_rescheduled_then_sent_or_given_up(env):
    tn, tel = tracking_no(), phone()
    env.clock.set_local(2026, 3, 12, 23, 0)
    try:
        await env.publish(registered(tn, phone=tel, email=None))
        await until(lambda: _status(env, tn, "receipt", "sms", "scheduled"), what="scheduled receipt")
        env.sms.fail_next, env.sms.fail_status = 2, 503
        calls = env.sms.calls
        # The scheduler runs by itself; the clock only moves when the test moves it.
        for attempt, minute in ((1, 0), (2, 1)):
            env.clock.set_local(2026, 3, 13, 8, minute)
            entry = await until(lambda a=attempt: _rescheduled(env, tn, a), what=f"failure {attempt} rescheduled")
            assert entry["reason"] == "SMS gateway answered HTTP 503"
        env.clock.set_local(2026, 3, 13, 8, 2)
        sent = await until(lambda: _status(env, tn, "receipt", "sms", "sent"), what="sent on the third try")
        assert sent["attempts"] == 3 and env.sms.calls - calls == 3 and len(env.sms_to(tel)) == 1

        tn2 = tracking_no()
        env.clock.set_local(2026, 3, 13, 23, 0)
        await env.publish(registered(tn2, phone=phone(), email=None))
        await until(lambda: _status(env, tn2, "receipt", "sms", "scheduled"), what="scheduled receipt")
        env.sms.fail_next, env.sms.fail_status = 1, 400
        env.clock.set_local(2026, 3, 14, 8, 0)
        failed = await until(lambda: _n(env.outcomes_for(tn2, "notification.failed"), 1), what="failure published")
        assert failed[0]["reason"] == "SMS gateway answered HTTP 400"
        assert (await _status(env, tn2, "receipt", "sms", "failed"))["attempts"] == 1
    finally:
        env.sms.fail_next = 0
        env.clock.set_local(2026, 3, 10, 10, 0)


async def _rescheduled(env, tn, attempts):
    entry = await _status(env, tn, "receipt", "sms", "scheduled")
    return entry if entry and entry["attempts"] == attempts else None


async def test_a_provider_down_for_every_attempt_is_recorded_as_failed_not_left_hanging(env):
    tn, tel = tracking_no(), phone()
    env.sms.fail_next, env.sms.fail_status = 1000, 503
    calls = env.sms.calls
    try:
        await env.publish(registered(tn, phone=tel, email=None))
        failed = await until(lambda: _n(env.outcomes_for(tn, "notification.failed"), 1), what="given up")
        assert failed[0]["reason"] == "gave up after 10 attempts: SMS gateway answered HTTP 503"
        entry = await _status(env, tn, "receipt", "sms", "failed")
        assert entry["attempts"] == 10 and env.sms.calls - calls == 10
    finally:
        env.sms.fail_next = 0
