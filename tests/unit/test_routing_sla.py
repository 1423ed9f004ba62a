"""The SLA clock: hours, calendar days, working days skipping weekends and Turkish holidays."""

from datetime import UTC, date, datetime

import pytest

from services.routing.domain.sla import (
    INFORMATION_DEFAULT, PETITION_DEFAULT, ISTANBUL, SlaPolicy, add_working_days, due_at, is_working_day, policy_for,
)

pytestmark = pytest.mark.unit


def test_legal_defaults_by_kind_and_catalogue_rule_first():
    assert policy_for("complaint", None) == PETITION_DEFAULT == SlaPolicy(30, "calendar_days", "law-3071")
    assert policy_for("information", None) == INFORMATION_DEFAULT == SlaPolicy(15, "working_days", "law-4982")
    assert policy_for("information", (24, "hours")) == SlaPolicy(24, "hours", "catalogue")
    assert policy_for("request", (5, "fortnights")) == PETITION_DEFAULT  # unknown unit: the law applies


def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 10, 29))  # Republic Day (Thursday)
    assert not is_working_day(date(2026, 5, 27))   # Kurban Bayramı moves every year
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 27))
    assert add_working_days(date(2026, 10, 27), 3) == date(2026, 11, 2)  # skips 29 Oct and the weekend
    assert add_working_days(date(2026, 5, 25), 2) == date(2026, 6, 1)    # skips the whole Bayram


def test_due_times():
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday
    assert due_at(start, SlaPolicy(24, "hours", "catalogue")) == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert due_at(start, PETITION_DEFAULT) == datetime(2026, 12, 27, 9, 0, tzinfo=UTC)
    two = due_at(start, SlaPolicy(2, "working_days", "catalogue")).astimezone(ISTANBUL)
    assert (two.date(), two.hour, two.minute) == (date(2026, 12, 1), 23, 59)  # Mon, Tue: end of Tuesday
    info = due_at(start, INFORMATION_DEFAULT)
    assert info.tzinfo is not None and info.astimezone(ISTANBUL).date() == date(2026, 12, 18)


def test_late_evening_in_istanbul_counts_from_the_local_day():
    start = datetime(2026, 11, 26, 22, 30, tzinfo=UTC)  # already Friday 01:30 in Istanbul
    assert due_at(start, SlaPolicy(1, "working_days", "catalogue")).astimezone(ISTANBUL).date() == date(2026, 11, 30)
