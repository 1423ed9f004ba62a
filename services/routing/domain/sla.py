"""The SLA clock: due times in hours, calendar days or working days.

Working days skip weekends and Turkish public holidays (the `holidays` package, maintained;
religious holidays move every year). A working-day deadline ends at the end of that day in
Istanbul, which is how the laws' "within N working days" is read.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from shared.enums import Kind

ISTANBUL = ZoneInfo("Europe/Istanbul")
UNITS = ("hours", "calendar_days", "working_days")


@dataclass(frozen=True)
class SlaPolicy:
    amount: int
    unit: str
    source: str  # "catalogue", "law-3071" or "law-4982"

    def as_doc(self) -> dict:
        return {"amount": self.amount, "unit": self.unit, "source": self.source}


# Law 3071 (right of petition): 30 days; law 4982 (right to information): 15 working days.
PETITION_DEFAULT = SlaPolicy(30, "calendar_days", "law-3071")
INFORMATION_DEFAULT = SlaPolicy(15, "working_days", "law-4982")


def policy_for(kind: str, catalogue_sla: tuple[int, str] | None) -> SlaPolicy:
    if catalogue_sla and catalogue_sla[1] in UNITS and catalogue_sla[0] > 0:
        return SlaPolicy(catalogue_sla[0], catalogue_sla[1], "catalogue")
    return INFORMATION_DEFAULT if kind == Kind.INFORMATION else PETITION_DEFAULT


@lru_cache(maxsize=1)
def _turkey() -> holidays.HolidayBase:
    return holidays.country_holidays("TR")  # expands to any year it is asked about


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _turkey()


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself never counts)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def due_at(start: datetime, policy: SlaPolicy) -> datetime:
    """When a case opened at `start` (timezone-aware) is due, in UTC."""
    if policy.unit == "hours":
        return start + timedelta(hours=policy.amount)
    if policy.unit == "calendar_days":
        return start + timedelta(days=policy.amount)
    last = add_working_days(start.astimezone(ISTANBUL).date(), policy.amount)
    end_of_day = datetime.combine(last, time(23, 59, 59), tzinfo=ISTANBUL)
    return end_of_day.astimezone(start.tzinfo)
