"""The morning after a quiet night: how long one round of notify's scheduler takes to claim and hand
over DUE deferred notifications while WAITING more wait for later, on the local Mongo stand-in:

    python -m bench.scheduler_cost [DUE] [WAITING]

Writes the notifications into a scratch database, runs one round with a dispatcher that only
counts (no gateway), prints the seconds and drops the database. Defaults: 2,000 due, 20,000 waiting.
"""

import asyncio
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from services.notify.adapters.store import SCHEDULED, NotifyStore, indexes, ms
from services.notify.application.scheduler import Scheduler
from services.notify.domain.next_due import NextDue
from shared.mongo import ensure_indexes

URL = os.environ.get("MONGO_URL", "mongodb://127.0.0.1:27017")
MORNING = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)  # 08:00 in Kayseri


class FixedClock:
    def now(self) -> datetime:
        return MORNING


class CountingDispatcher:
    class metrics:  # noqa: N801 - stands in for the dispatcher's metrics object
        @staticmethod
        def possible_double(n: int = 1) -> None: ...

        @staticmethod
        def outcome(*args) -> None: ...

    def __init__(self) -> None:
        self.handed_over = 0

    async def attempt(self, delivery, outcome) -> None:
        self.handed_over += 1


def deferred(nid: str, due: datetime) -> dict:
    return {"_id": nid, "status": SCHEDULED, "origin": "scheduler", "channel": "email", "template": "receipt",
            "source_message_id": f"m-{nid}", "correlation_id": "153-2026-000001", "to": "bench@example.com",
            "body": "Başvurunuz alındı.", "due_ms": ms(due), "attempts": 0, "possible_double": 0}


async def main(due: int, waiting: int) -> None:
    client = AsyncMongoClient(URL)
    db = client[f"bench_scheduler_{uuid.uuid4().hex[:8]}"]
    try:
        await ensure_indexes(db, indexes())
        docs = [deferred(f"due-{i}", MORNING - timedelta(seconds=1)) for i in range(due)]
        docs += [deferred(f"later-{i}", MORNING + timedelta(hours=20)) for i in range(waiting)]
        for start in range(0, len(docs), 1000):
            await db.notifications.insert_many(docs[start:start + 1000])
        dispatcher = CountingDispatcher()
        scheduler = Scheduler(NotifyStore(db), dispatcher, FixedClock(), interval_s=0, lease_s=300, max_attempts=3,
                              retry_base_ms=100, retry_max_ms=1000, next_due=NextDue(30))
        started = time.perf_counter()
        sent = await scheduler.run_once()
        seconds = time.perf_counter() - started
        print(f"one round: {sent} of {due} due handed over in {seconds:.1f} s "
              f"({1000 * seconds / max(sent, 1):.1f} ms each) with {waiting} waiting for later")
    finally:
        await client.drop_database(db.name)
        await client.close()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(args + [2000, 20000][len(args):])))
