"""SMS quiet hours: a non-urgent SMS written at night waits for the morning."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    zone: ZoneInfo

    @classmethod
    def parse(cls, start: str, end: str, zone: str) -> "QuietHours":
        return cls(time.fromisoformat(start), time.fromisoformat(end), ZoneInfo(zone))

    def _quiet(self, local: time) -> bool:
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # spans midnight

    def defer_until(self, now: datetime) -> datetime | None:
        """When a non-urgent SMS written at `now` may go out; None when it may go at once."""
        local = now.astimezone(self.zone)
        if not self._quiet(local.time().replace(tzinfo=None)):
            return None
        day = local.date()
        if local.time() >= self.end and self.start > self.end:
            day += timedelta(days=1)  # evening: the end of quiet hours is tomorrow morning
        morning = datetime.combine(day, self.end, tzinfo=self.zone)
        return morning.astimezone(UTC)
