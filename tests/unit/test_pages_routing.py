"""The department inbox's SLA countdown as a clerk reads it."""

from datetime import UTC, datetime, timedelta

import pytest

from services.routing.pages.inbox import remaining

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("delta", "text", "late"), [
    (timedelta(days=2, hours=3, minutes=10), "2 g 3 sa", False),
    (timedelta(hours=5, minutes=12), "5 sa 12 dk", False),
    (timedelta(minutes=7, seconds=30), "7 dk", False),
    (timedelta(seconds=20), "0 dk", False),
    (-timedelta(hours=1, minutes=30), "1 sa 30 dk", True),
    (-timedelta(days=3), "3 g 0 sa", True),
])
def test_time_left_or_late(delta, text, late):
    left = remaining(NOW + delta, NOW)
    assert left["text"] == text and left["late"] is late
    assert left["seconds"] == int(delta.total_seconds())
