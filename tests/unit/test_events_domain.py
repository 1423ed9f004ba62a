"""Pure rules of the events service: state machine, eligibility, participant keys, codes, seats."""

from datetime import UTC, date, datetime

import pytest

from services.events.domain import codes
from services.events.domain.eligibility import Applicant, Rules, check, normalise_phone
from services.events.domain.model import EventState, can_transition, states_leading_to
from services.events.domain.seats import is_no_show, reminder_due, waitlist_position
from services.events.domain.timeutil import age_on, as_utc, local_day

pytestmark = pytest.mark.unit
DAY = date(2026, 6, 15)
SCHOOL = Rules(min_age=7, max_age=15)
CAREER = Rules(roles=("job_seeker", "employer"))


def reasons(rules: Rules, **fields) -> dict[str, str]:
    base = {"name": "Ali Veli", "kvkk_ack": True}
    return {r.field: r.reason for r in check(rules, Applicant(**{**base, **fields}), DAY).refusals}


@pytest.mark.parametrize(("current", "target", "allowed"), [
    ("draft", "published", True), ("published", "closed", True), ("published", "cancelled", True),
    ("draft", "cancelled", True), ("draft", "closed", False), ("closed", "published", False),
    ("cancelled", "published", False), ("closed", "cancelled", False),
])
def test_event_state_machine(current, target, allowed):
    assert can_transition(current, target) is allowed


def test_states_leading_to_is_the_filter_of_a_conditional_update():
    assert sorted(states_leading_to(EventState.CANCELLED)) == ["draft", "published"]
    assert states_leading_to(EventState.CLOSED) == ["published"]


def test_sports_school_needs_birth_date_and_guardian():
    assert reasons(SCHOOL, phone="05321234567") == {"birth_date": "required", "guardian_name": "required"}
    assert reasons(SCHOOL, birth_date=date(2016, 6, 16), guardian_name="Ayşe", guardian_phone="05321234567") == {}
    assert reasons(SCHOOL, birth_date=date(2019, 6, 16), guardian_name="A", guardian_phone="05321234567") == {
        "birth_date": "age_out_of_range"}  # six on the session day
    assert reasons(SCHOOL, birth_date=date(2010, 6, 15), guardian_name="A", guardian_phone="05321234567") == {
        "birth_date": "age_out_of_range"}  # sixteen that very day


def test_guardian_phone_is_normalised_and_checked():
    ok = check(SCHOOL, Applicant(name="Ali", birth_date=date(2015, 1, 1), guardian_name="Ayşe",
                                 guardian_phone="0532 123 45 67", kvkk_ack=True), DAY)
    assert ok.ok and ok.guardian_phone == "+905321234567"
    assert reasons(SCHOOL, birth_date=date(2015, 1, 1), guardian_name="A", guardian_phone="12") == {
        "guardian_phone": "invalid_phone"}


def test_career_day_roles_and_employer_fields():
    assert reasons(CAREER, phone="05321234567") == {"role": "required"}
    assert reasons(CAREER, phone="05321234567", role="intern") == {"role": "role_not_allowed"}
    assert reasons(CAREER, phone="05321234567", role="employer", openings=0) == {
        "company": "required", "openings": "required"}
    assert reasons(CAREER, phone="05321234567", role="employer", company="Erciyes A.Ş.", openings=4) == {}


def test_consent_name_and_phone_are_required_everywhere():
    refusals = check(Rules(), Applicant(name=" ", phone="abc"), DAY).refusals
    by_field = {r.field: r for r in refusals}
    assert set(by_field) == {"name", "consent.kvkk_ack", "phone"}
    assert by_field["phone"].reason == "invalid_phone"
    assert "KVKK" in by_field["consent.kvkk_ack"].message_tr and by_field["name"].message_en


@pytest.mark.parametrize(("raw", "e164"), [
    ("0532 123 45 67", "+905321234567"), ("+90 (532) 123-45-67", "+905321234567"), ("5321234567", "+905321234567"),
    ("0352 207 50 00", "+903522075000"), ("12345", None), ("", None), ("telefon", None),
])
def test_phone_normalisation(raw, e164):
    assert normalise_phone(raw) == e164


def test_participant_keys_fold_turkish_names():
    born = date(2016, 4, 1)
    assert codes.child_key("ALİ  IŞIK", born) == codes.child_key("ali ışık", born) == codes.child_key("Ali Isik", born)
    assert codes.child_key("Ali Işık", born) != codes.child_key("Ali Işık", date(2017, 4, 1))
    assert codes.adult_key("+905321234567") == "phone:+905321234567"
    assert codes.released_key("phone:+905321234567", "rg-1") != "phone:+905321234567"


def test_checkin_and_secret_codes():
    drawn = {codes.new_checkin_code() for _ in range(200)}
    assert len(drawn) > 190
    assert all(len(c) == 6 and set(c) <= set(codes.CHECKIN_ALPHABET) for c in drawn)
    assert codes.normalise_checkin_code(" k7m-2qx ") == "K7M2QX"
    secret = codes.new_secret()
    assert codes.secret_matches(secret, codes.hash_secret(secret))
    assert not codes.secret_matches("wrong", codes.hash_secret(secret))
    assert not codes.secret_matches(None, codes.hash_secret(secret))


def test_waitlist_position_counts_those_still_waiting_ahead():
    assert waitlist_position(15, [11, 12, 14, 16]) == 4
    assert waitlist_position(11, [12, 13]) == 1


def test_no_show_and_reminder_windows():
    assert is_no_show("confirmed", 0, session_end_ts=100, now_ts=101)
    assert not is_no_show("confirmed", 1, session_end_ts=100, now_ts=101)
    assert not is_no_show("confirmed", 0, session_end_ts=100, now_ts=99)
    assert not is_no_show("waitlisted", 0, session_end_ts=100, now_ts=101)
    assert reminder_due(session_start_ts=100_000, now_ts=100_000 - 86_400, lead_s=86_400)
    assert not reminder_due(session_start_ts=100_000, now_ts=100_000 - 86_401, lead_s=86_400)
    assert not reminder_due(session_start_ts=100_000, now_ts=100_000, lead_s=86_400)


def test_time_at_the_edges_is_istanbul():
    assert as_utc(datetime(2026, 6, 15, 10, 0)) == datetime(2026, 6, 15, 7, 0, tzinfo=UTC)
    assert local_day(datetime(2026, 6, 14, 22, 30, tzinfo=UTC)) == "2026-06-15"
    assert age_on(date(2016, 2, 29), date(2026, 2, 28)) == 9
    assert age_on(date(2016, 2, 29), date(2026, 3, 1)) == 10
