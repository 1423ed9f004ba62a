"""Use cases for staff: figures for the ops board and finding a citizen's applications by phone."""

from datetime import datetime, time
from typing import Any, Protocol

from services.intake.application.ports import AuditLog
from services.intake.domain.clock import ISTANBUL, local_iso, utcnow
from services.intake.domain.timeline import department_name, label
from services.intake.domain.validation import phone_e164
from shared.auth import Principal


class Reports(Protocol):
    async def counts(self, field: str, since: datetime | None = None) -> dict[str, int]: ...

    async def by_phone(self, e164: str) -> list[dict[str, Any]]: ...

    async def trace_id(self, tracking_no: str) -> tuple[bool, str | None]: ...


class InvalidPhone(ValueError):
    pass


def start_of_day(now: datetime) -> datetime:
    """Midnight in Istanbul, as an aware datetime (people's "today")."""
    local_now = now.astimezone(ISTANBUL)
    return datetime.combine(local_now.date(), time(0), tzinfo=ISTANBUL)


class StaffQueries:
    def __init__(self, reports: Reports, audit: AuditLog):
        self.reports = reports
        self.audit = audit

    async def stats(self, now: datetime | None = None) -> dict[str, Any]:
        now = now or utcnow()
        today = start_of_day(now)
        by_channel_total = await self.reports.counts("channel")
        by_channel_today = await self.reports.counts("channel", today)
        by_department = await self.reports.counts("department")
        by_status = await self.reports.counts("status")
        return {
            "at": local_iso(now), "today_since": local_iso(today),
            "applications": {"today": sum(by_channel_today.values()), "total": sum(by_channel_total.values())},
            "by_channel": {"today": by_channel_today, "total": by_channel_total},
            "by_department": by_department,
            "by_status": by_status,
        }

    async def by_phone(self, principal: Principal, phone: str) -> list[dict[str, Any]]:
        try:
            e164 = phone_e164(phone)
        except ValueError as exc:
            raise InvalidPhone(str(exc)) from None
        docs = await self.reports.by_phone(e164)
        # The phone itself stays out of the audit log: the entry names who looked and what was found.
        await self.audit.record({"at": utcnow(), "key_id": principal.key_id, "role": principal.role,
                                 "action": "lookup_by_phone", "found": [d["_id"] for d in docs]})
        return [{"tracking_no": d["_id"], "kind": d.get("kind"), "channel": d.get("channel"),
                 "service_code": d.get("service_code"), "district": (d.get("location") or {}).get("district"),
                 "status": d.get("status"), "status_label": label(d.get("status") or ""),
                 "department": d.get("department"), "department_name": department_name(d.get("department")),
                 "registered_at": local_iso(d.get("registered_at"))} for d in docs]

    async def trace(self, tracking_no: str) -> dict[str, Any]:
        """Whether the application exists and the id of its trace (no personal data)."""
        found, trace_id = await self.reports.trace_id(tracking_no.strip())
        return {"tracking_no": tracking_no.strip(), "found": found, "trace_id": trace_id}
