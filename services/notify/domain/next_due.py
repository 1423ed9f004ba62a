"""When notify's scheduler needs the database.

Quiet hours defer every night's SMS to 08:00, so tens of thousands of notifications can wait as
`scheduled`. On the Mongo stand-in each claim query scans them all (~0.25 s at 50,000), and a
scheduler asking twice a second kept a quarter of a core busy doing nothing. So the scheduler
asks only when something it knows of is due, and looks everything over at least every
`rescan_s`: that look-over finds what other copies scheduled (they send their own on time) and
what a crashed sender left behind.

What this process schedules is noted once its write has landed, so a look-up running meanwhile
cannot hide it: a note made during a look-up is kept over the look-up's answer.
"""

from dataclasses import dataclass


def _earlier(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


@dataclass
class NextDue:
    rescan_s: float
    earliest_ms: int | None = None  # the earliest due time known of, epoch ms
    _last_full: float | None = None  # monotonic seconds of the last full round
    _looking: bool = False
    _noted_meanwhile: int | None = None

    def note(self, due_ms: int) -> None:
        """A notification this process scheduled (its write has landed)."""
        self.earliest_ms = _earlier(self.earliest_ms, due_ms)
        if self._looking:
            self._noted_meanwhile = _earlier(self._noted_meanwhile, due_ms)

    def wanted(self, now_ms: int, monotonic_s: float) -> bool:
        """Whether this round must ask the database: something known is due, or a look-over is due."""
        if self._last_full is None or monotonic_s - self._last_full >= self.rescan_s:
            return True
        return self.earliest_ms is not None and self.earliest_ms <= now_ms

    def begin_lookup(self) -> None:
        self._looking, self._noted_meanwhile = True, None

    def looked_up(self, earliest_ms: int | None, monotonic_s: float) -> None:
        """The database's earliest scheduled due time after a full round (None: nothing scheduled)."""
        self.earliest_ms = _earlier(earliest_ms, self._noted_meanwhile)
        self._looking, self._noted_meanwhile = False, None
        self._last_full = monotonic_s
