"""Sends what quiet hours deferred once its time has come, and finishes sends a crash abandoned.

Several copies of the service may run this loop: each notification is claimed by a conditional
update, so exactly one copy sends it. A round asks the database only when something is due or a
look-over is (services/notify/domain/next_due.py).
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from services.notify.adapters.store import SKIPPED, NotifyStore, ms
from services.notify.application.dispatch import Dispatcher, Outcome
from services.notify.application.ports import Clock, Delivery, TransientDeliveryError
from services.notify.domain.next_due import NextDue
from services.notify.domain.plan import OPTED_OUT, SMS
from shared.messaging import retry_delay_ms
from shared.periodic import Periodic

log = logging.getLogger("irtibat.notify.scheduler")
# Due sends looked up at once: the morning after a quiet night may hold thousands.
DUE_BATCH = 100


class Scheduler:
    def __init__(self, store: NotifyStore, dispatcher: Dispatcher, clock: Clock, *, interval_s: float,
                 lease_s: float, max_attempts: int, retry_base_ms: int, retry_max_ms: int, next_due: NextDue,
                 monotonic: Callable[[], float] = time.monotonic):
        self.store, self.dispatcher, self.clock, self.next_due = store, dispatcher, clock, next_due
        self.monotonic = monotonic
        self.lease_s, self.max_attempts = lease_s, max_attempts
        self.retry_base_ms, self.retry_max_ms = retry_base_ms, retry_max_ms
        self._rounds = Periodic("notify-scheduler", self.run_once, interval_s, logger=log)

    async def start(self) -> None:
        stale = await self.store.mark_stale_pending(self.clock.now() - timedelta(seconds=self.lease_s))
        if stale:
            log.warning("%d notification(s) were claimed but never recorded before this start: "
                        "counted as possible doubles", stale)
        self.dispatcher.metrics.possible_double(stale)
        await self._rounds.start()

    async def stop(self) -> None:
        await self._rounds.stop()

    async def run_once(self) -> int:
        now, sent = self.clock.now(), 0
        if not self.next_due.wanted(ms(now), self.monotonic()):
            return 0
        while due := await self.store.due_ids(now, DUE_BATCH):
            for nid in due:
                if (doc := await self.store.claim_scheduled(nid, now, self.lease_s)) is not None:
                    await self._send(doc)
                    sent += 1
            if len(due) < DUE_BATCH:
                break
        while (before := await self.store.claim_abandoned_scheduled(now, self.lease_s)) is not None:
            if not before.get("possible_double"):
                self.dispatcher.metrics.possible_double()
            await self._send({**before, "attempts": int(before.get("attempts", 0)) + 1})
            sent += 1
        self.next_due.begin_lookup()
        self.next_due.looked_up(await self.store.earliest_due(), self.monotonic())
        return sent

    async def _send(self, doc: dict[str, Any]) -> None:
        nid, channel = doc["_id"], doc["channel"]
        outcome = Outcome(nid, doc["source_message_id"], doc.get("correlation_id"), channel, doc["template"])
        if channel == SMS and await self.store.sms_opted_out(doc.get("to") or ""):
            await self.store.finish_skipped(nid, OPTED_OUT)
            self.dispatcher.metrics.outcome(channel, doc["template"], SKIPPED)
            return
        delivery = Delivery(nid, channel, doc.get("to") or "", doc.get("body") or "", doc.get("subject"))
        try:
            await self.dispatcher.attempt(delivery, outcome)
        except TransientDeliveryError as exc:
            attempts = int(doc.get("attempts", 1))
            if attempts >= self.max_attempts:
                await self.dispatcher.fail(outcome, f"gave up after {attempts} attempts: {exc}")
                return
            delay = retry_delay_ms(attempts, self.retry_base_ms, self.retry_max_ms)
            await self.store.reschedule(nid, self.clock.now() + timedelta(milliseconds=delay), str(exc)[:300])
