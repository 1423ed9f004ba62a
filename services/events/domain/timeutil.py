"""Time: UTC inside, Europe/Istanbul where people read it.

Times are stored as epoch seconds (floats) in the fields queries compare, because the Mongo
stand-in turns datetimes written by `$set` into strings; ISO strings are kept for reading.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")


def as_utc(value: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is read as Istanbul local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ISTANBUL)
    return value.astimezone(UTC)


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(ISTANBUL)


def ts(value: datetime) -> float:
    return as_utc(value).timestamp()


def from_ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def local_day(value: datetime) -> str:
    return local(value).date().isoformat()


def age_on(birth: date, day: date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years
