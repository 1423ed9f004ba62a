"""Open311 `GET requests` parameters → a RequestFilter, with the spec's limits (400 otherwise)."""

from datetime import datetime, timedelta

from services.intake.application.ports import RequestFilter
from services.intake.domain import open311 as spec
from services.intake.domain.clock import ISTANBUL, utcnow
from services.intake.entrypoints.open311_format import Open311Error


def request_filter(params: dict[str, str], default_size: int, max_size: int) -> RequestFilter:
    def csv(name: str) -> list[str]:
        return [v.strip() for v in params.get(name, "").split(",") if v.strip()]

    page, size = _int(params, "page", 1), _int(params, "page_size", default_size)
    if page < 1 or not 1 <= size <= max_size:
        raise Open311Error(400, f"page must be ≥ 1 and page_size between 1 and {max_size}")
    flt = RequestFilter(skip=(page - 1) * size, limit=size)
    if csv("service_request_id"):
        flt.ids = csv("service_request_id")  # overrides every other filter, as the spec says
        return flt
    flt.service_codes = csv("service_code")
    flt.statuses = csv("status")
    if any(s not in ("open", "closed") for s in flt.statuses):
        raise Open311Error(400, "status must be open, closed or both (comma-separated)")
    start, end = _date(params, "start_date"), _date(params, "end_date")
    window = timedelta(days=spec.MAX_RANGE_DAYS)
    if start and end and end - start > window:
        raise Open311Error(400, f"start_date and end_date may be at most {spec.MAX_RANGE_DAYS} days apart")
    if start and end and end < start:
        raise Open311Error(400, "end_date is before start_date")
    flt.end = end or ((start + window) if start else None)
    flt.start = start or ((end or utcnow()) - window)
    return flt


def _int(params: dict[str, str], name: str, default: int) -> int:
    try:
        return int(params.get(name) or default)
    except ValueError:
        raise Open311Error(400, f"{name} must be an integer") from None


def _date(params: dict[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise Open311Error(400, f"{name} must be an ISO 8601 date-time, e.g. 2026-03-01T00:00:00+03:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ISTANBUL)


