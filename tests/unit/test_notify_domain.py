"""Quiet hours, case ordering, notification identity, keywords, phone numbers, consent planning."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.notify.domain.contacts import e164, keyword
from services.notify.domain.ids import notification_id
from services.notify.domain.ordering import Decision, decide
from services.notify.domain.plan import (
    NO_CONSENT, NO_CONTACT, CitizenContact, DepartmentTarget, case_template, for_citizen, for_departments,
)
from services.notify.domain.quiet import QuietHours

pytestmark = pytest.mark.unit
IST = ZoneInfo("Europe/Istanbul")
QUIET = QuietHours.parse("22:00", "08:00", "Europe/Istanbul")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=IST)


@pytest.mark.parametrize(("now", "until"), [
    (local(10, 23, 30), local(11, 8)),
    (local(10, 22, 0), local(11, 8)),
    (local(11, 3, 15), local(11, 8)),
    (local(11, 7, 59), local(11, 8)),
    (local(11, 8, 0), None),
    (local(11, 12, 0), None),
    (local(11, 21, 59), None),
])
def test_quiet_hours_defer_to_eight_in_the_morning_istanbul(now, until):
    got = QUIET.defer_until(now.astimezone(UTC))
    assert got == (until.astimezone(UTC) if until else None)
    assert got is None or got.tzinfo is not None


def test_quiet_hours_within_one_day():
    q = QuietHours.parse("01:00", "06:00", "Europe/Istanbul")
    assert q.defer_until(local(11, 2).astimezone(UTC)) == local(11, 6).astimezone(UTC)
    assert q.defer_until(local(11, 23).astimezone(UTC)) is None


def test_case_versions_apply_in_order():
    assert decide(held=0, incoming=1, attempts=0, gap_wait_retries=2) == Decision.APPLY
    assert decide(held=2, incoming=2, attempts=0, gap_wait_retries=2) == Decision.STALE
    assert decide(held=3, incoming=2, attempts=0, gap_wait_retries=2) == Decision.STALE
    assert decide(held=0, incoming=2, attempts=0, gap_wait_retries=2) == Decision.WAIT
    assert decide(held=0, incoming=2, attempts=1, gap_wait_retries=2) == Decision.WAIT
    # A version that never comes does not block the case forever.
    assert decide(held=0, incoming=2, attempts=2, gap_wait_retries=2) == Decision.APPLY


def test_notification_identity_is_source_recipient_and_channel():
    a = notification_id("m1", "+905321234567", "sms")
    assert a == notification_id("m1", "+905321234567", "sms")
    assert len({a, notification_id("m2", "+905321234567", "sms"), notification_id("m1", "+905321234568", "sms"),
                notification_id("m1", "+905321234567", "email")}) == 4
    assert "905321234567" not in a


@pytest.mark.parametrize("text", ["IPTAL", "iptal", "İptal", "İPTAL", "ıptal", " iptal. ", "Iptal lütfen"])
def test_opt_out_keyword_as_people_type_it(text):
    assert keyword(text) == "IPTAL"


def test_keyword_of_other_texts():
    assert keyword("BAŞLA") == "BASLA"
    assert keyword("") == "" and keyword(None) == ""
    assert keyword("Merhaba iptal") == "MERHABA"


def test_phone_numbers_to_e164():
    assert e164("0532 123 45 67") == "+905321234567"
    assert e164("+90 (532) 123-4567") == "+905321234567"
    assert e164(None) is None
    assert e164("abc") == "abc"


def test_citizen_channels_follow_consent():
    both = CitizenContact(phone="+905321234567", email="a@example.com", notify_sms=True, notify_email=False)
    planned = {(p.channel, p.skip) for p in for_citizen("receipt", both, {})}
    assert planned == {("sms", None), ("email", NO_CONSENT)}
    nothing = for_citizen("receipt", CitizenContact(), {})
    assert [(p.channel, p.skip) for p in nothing] == [("none", NO_CONTACT)]
    email_only = for_citizen("receipt", CitizenContact(email="a@example.com", notify_email=True), {"x": 1})
    assert [(p.channel, p.skip, p.context) for p in email_only] == [("email", None, {"x": 1})]


def test_departments_get_webhook_and_e_mail_as_configured():
    targets = [DepartmentTarget("fen-isleri", "https://fen.example/hook", ("a@kayseri.bel.tr",)),
               DepartmentTarget("triage", None, ("sup@kayseri.bel.tr",))]
    planned = for_departments("case_escalated", targets, {"tracking_no": "153-2026-000001"})
    assert [(p.channel, p.address, p.context["target"]) for p in planned] == [
        ("webhook", "https://fen.example/hook", "fen-isleri"), ("email", "a@kayseri.bel.tr", "fen-isleri"),
        ("email", "sup@kayseri.bel.tr", "triage")]
    assert all(p.urgent and p.audience == "department" for p in planned)


def test_which_case_messages_the_citizen_hears_about():
    assert case_template("case.routed", {}) == "case_routed"
    assert case_template("case.status_changed", {"status": "resolved"}) == "case_resolved"
    assert case_template("case.status_changed", {"status": "rejected"}) == "case_rejected"
    assert case_template("case.status_changed", {"status": "duplicate"}) == "case_duplicate"
    assert case_template("case.status_changed", {"status": "in_progress"}) is None
    assert case_template("case.escalated", {}) is None
