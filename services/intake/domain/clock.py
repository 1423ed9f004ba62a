"""Time at the edges: UTC inside, Europe/Istanbul where people read it."""

from datetime import UTC, datetime, timedelta, timezone, tzinfo


def _istanbul() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Istanbul")
    except Exception:  # noqa: BLE001 - images without tzdata: Türkiye keeps UTC+3 all year since 2016
        return timezone(timedelta(hours=3), "+03")


ISTANBUL = _istanbul()


def utcnow() -> datetime:
    return datetime.now(UTC)


def local(at: datetime | str | None) -> datetime | None:
    if at is None:
        return None
    if isinstance(at, str):  # nested values written by `$set` may come back from nx-27017 as text
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(ISTANBUL)


def local_iso(at: datetime | str | None) -> str | None:
    """ISO 8601 with the Istanbul offset, to the second: 2026-03-01T10:15:30+03:00."""
    loc = local(at)
    return loc.isoformat(timespec="seconds") if loc else None
