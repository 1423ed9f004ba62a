"""notify's scheduler on the stand-in: it asks the database only when a send it knows of is due or a
look-over is, sends on time what it scheduled itself, and finds another copy's sends at the
look-over."""

from datetime import UTC, datetime, timedelta

import pytest

from services.notify.adapters.store import SCHEDULED, NotifyStore, ms
from services.notify.application.scheduler import Scheduler
from services.notify.domain.next_due import NextDue
from tests.integration.test_notify_helpers import FakeClock
from tests.integration.test_shared_storage_compat import db  # noqa: F401 - a fresh database per test

pytestmark = pytest.mark.integration
T0 = datetime(2026, 3, 11, 4, 0, tzinfo=UTC)
RESCAN_S = 30.0


class CountingStore(NotifyStore):
    """The real store, counting the scheduler's questions to the database."""

    questions = 0
    due_lookups = 0

    async def due_ids(self, now, limit):
        self.questions += 1
        self.due_lookups += 1
        return await super().due_ids(now, limit)

    async def claim_abandoned_scheduled(self, now, lease_s):
        self.questions += 1
        return await super().claim_abandoned_scheduled(now, lease_s)

    async def earliest_due(self):
        self.questions += 1
        return await super().earliest_due()


class Metrics:
    def possible_double(self, n: int = 1) -> None: ...

    def outcome(self, *args) -> None: ...


class RecordingDispatcher:
    metrics = Metrics()

    def __init__(self):
        self.sent: list[str] = []

    async def attempt(self, delivery, outcome) -> None:
        self.sent.append(delivery.notification_id)


class Ticker:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def scheduled(nid: str, due: datetime) -> dict:
    return {"_id": nid, "status": SCHEDULED, "origin": "scheduler", "channel": "email", "template": "receipt",
            "source_message_id": f"m-{nid}", "correlation_id": "153-2026-000001", "to": "a@example.com",
            "body": "Başvurunuz alındı.", "scheduled_for": due.isoformat(), "due_ms": ms(due), "attempts": 0,
            "possible_double": 0}


@pytest.fixture
def parts(db):  # noqa: F811 - the fixture imported above
    clock, ticker, next_due = FakeClock(T0), Ticker(), NextDue(RESCAN_S)
    store = CountingStore(db, on_scheduled=next_due.note)
    dispatcher = RecordingDispatcher()
    scheduler = Scheduler(store, dispatcher, clock, interval_s=0, lease_s=300, max_attempts=3, retry_base_ms=100,
                          retry_max_ms=1000, next_due=next_due, monotonic=ticker)
    return scheduler, store, dispatcher, clock, ticker


async def test_nothing_due_means_no_questions_between_look_overs(parts):
    scheduler, store, dispatcher, clock, ticker = parts
    assert await scheduler.run_once() == 0
    asked = store.questions
    assert asked == 3  # the first round: both claims and the look-up of the next due time
    for _ in range(50):
        ticker.now += 0.5
        assert await scheduler.run_once() == 0
    assert ticker.now - 1000.0 < RESCAN_S and store.questions == asked
    ticker.now = 1000.0 + RESCAN_S
    await scheduler.run_once()
    assert store.questions == asked + 3


async def test_a_send_this_copy_scheduled_goes_out_when_due_and_not_before(parts):
    scheduler, store, dispatcher, clock, ticker = parts
    await scheduler.run_once()
    assert await store.record(scheduled("n-own", T0 + timedelta(minutes=10)))
    asked = store.questions
    clock.current = T0 + timedelta(minutes=9, seconds=59)
    ticker.now += 1
    assert await scheduler.run_once() == 0 and store.questions == asked
    clock.current = T0 + timedelta(minutes=10)
    ticker.now += 1
    assert await scheduler.run_once() == 1
    assert dispatcher.sent == ["n-own"]


async def test_another_copys_send_is_found_at_the_next_look_over(parts, db):  # noqa: F811
    scheduler, store, dispatcher, clock, ticker = parts
    await scheduler.run_once()
    other_copy = NotifyStore(db)  # its writes are not noted by this copy
    assert await other_copy.record(scheduled("n-other", T0 - timedelta(seconds=1)))
    ticker.now += 1
    assert await scheduler.run_once() == 0 and dispatcher.sent == []
    ticker.now += RESCAN_S
    assert await scheduler.run_once() == 1
    assert dispatcher.sent == ["n-other"]


async def test_a_failed_look_up_leaves_the_next_round_asking_again(parts, monkeypatch):
    scheduler, store, dispatcher, clock, ticker = parts

    async def unavailable():
        raise ConnectionError("the database is away")

    monkeypatch.setattr(store, "earliest_due", unavailable)
    with pytest.raises(ConnectionError):
        await scheduler.run_once()
    monkeypatch.undo()
    asked = store.questions
    ticker.now += 1
    await scheduler.run_once()
    assert store.questions == asked + 3


async def test_the_store_tells_of_each_send_it_schedules_once_written(db):  # noqa: F811
    noted: list[int] = []
    store = NotifyStore(db, on_scheduled=noted.append)
    assert await store.record(scheduled("n-1", T0))
    assert not await store.record(scheduled("n-1", T0))  # known already: nothing new was scheduled
    assert await store.record({**scheduled("n-2", T0), "status": "skipped"})
    await db.notifications.insert_one({"_id": "n-3", "status": "pending"})
    await store.reschedule("n-3", T0 + timedelta(minutes=1), "gateway answered 503")
    await store.reschedule("n-missing", T0 + timedelta(minutes=2), "gateway answered 503")
    assert noted == [ms(T0), ms(T0 + timedelta(minutes=1))]
    assert await store.earliest_due() == ms(T0)


async def test_a_morning_of_due_sends_goes_out_in_one_round_with_a_look_up_per_hundred(parts, db):  # noqa: F811
    scheduler, store, dispatcher, clock, ticker = parts
    await db.notifications.insert_many([scheduled(f"n-{i:03d}", T0 - timedelta(minutes=1)) for i in range(250)]
                                       + [scheduled("n-later", T0 + timedelta(hours=1))])
    taken = await NotifyStore(db).claim_scheduled("n-007", T0, 300)  # another copy was quicker with one
    assert taken is not None and taken["status"] == "pending"
    assert await scheduler.run_once() == 249
    assert sorted(dispatcher.sent) == sorted(f"n-{i:03d}" for i in range(250) if i != 7)
    assert store.due_lookups == 3  # 100 + 100 + 49, not one query per send
    assert await store.earliest_due() == ms(T0 + timedelta(hours=1))
