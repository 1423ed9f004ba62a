"""What the bench sets for the services it starts: notify sends SMS at any hour, so that a run at
night measures the same work as one by day; an already-running notify's quiet hours are reported."""

from datetime import UTC, datetime

import pytest

from bench.stack import own_environment, quiet_hours_note
from services.notify.domain.quiet import QuietHours

pytestmark = pytest.mark.unit


def test_the_notify_the_bench_starts_has_no_quiet_hours():
    env = own_environment("notify")
    hours = QuietHours.parse(env["QUIET_START"], env["QUIET_END"], "Europe/Istanbul")
    midnight_in_kayseri = datetime(2026, 11, 29, 21, 30, tzinfo=UTC)
    assert hours.defer_until(midnight_in_kayseri) is None


def test_other_services_get_nothing_of_their_own():
    assert own_environment("intake") == own_environment("routing") == {}


def test_an_already_running_notify_is_reported_with_its_quiet_hours():
    assert "quiet hours 22:00-08:00" in quiet_hours_note({})
    assert "quiet hours 23:00-07:00" in quiet_hours_note({"QUIET_START": "23:00", "QUIET_END": "07:00"})
    assert quiet_hours_note({"QUIET_START": "00:00", "QUIET_END": "00:00"}).startswith("notify sends SMS at any hour")
