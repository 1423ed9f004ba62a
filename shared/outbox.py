"""The embedded outbox: a document and its outgoing messages in one atomic write, and the relay.

A document that has messages to send carries them in a map `outbox.<message_id>` (a map, not an
array: see shared/mongo.py), with `outbox_pending: 1`, `outbox_seq` (grows with every message
added) and `outbox_at_ms` (epoch milliseconds when the oldest unsent message was written; an
integer because nx-27017 stores datetimes written by a top-level `$set` as strings, which then
never match a range query). The writer hands the
document to its process's relay right after the write (the fast path); a periodic scan sends
whatever is older than a grace period, which is how messages a crash left unsent go out after a
restart. Sending is at-least-once: consumers are idempotent by message id.
"""

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from opentelemetry.propagate import inject
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.contracts.envelope import OutgoingMessage
from shared.mongo import Index
from shared.periodic import Periodic

log = logging.getLogger("irtibat.outbox")

PublishFn = Callable[[OutgoingMessage], Awaitable[None]]


def outbox_indexes(collection: str) -> list[Index]:
    # The single-field index is the one nx-27017 uses (it ignores compound ones: a scan took
    # 70-90 ms at 12,800 documents without it); the compound one serves real MongoDB.
    return [Index(collection, [("outbox_pending", 1)]),
            Index(collection, [("outbox_pending", 1), ("outbox_at_ms", 1)])]


def current_trace_context() -> dict[str, str]:
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier


def epoch_ms(at: datetime | None = None) -> int:
    return int((at or datetime.now(UTC)).timestamp() * 1000)


def _stored(msg: OutgoingMessage, seq: int) -> dict[str, Any]:
    data = msg.model_dump(by_alias=True)
    data["seq"] = seq
    return data


def outbox_fields(messages: list[OutgoingMessage], now: datetime | None = None) -> dict[str, Any]:
    """Fields for a new document (insert) that carries these messages."""
    for m in messages:
        if not m.trace_context:
            m.trace_context = current_trace_context()
    return {
        "outbox": {m.message_id: _stored(m, i) for i, m in enumerate(messages)},
        "outbox_pending": 1 if messages else 0,
        "outbox_seq": len(messages),
        "outbox_at_ms": epoch_ms(now),
        "outbox_claim_ms": 0,
    }


def outbox_update(messages: list[OutgoingMessage], now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """Update operators adding these messages to an existing document, merged by `merge_update`."""
    for m in messages:
        if not m.trace_context:
            m.trace_context = current_trace_context()
    sets: dict[str, Any] = {f"outbox.{m.message_id}": _stored(m, i) for i, m in enumerate(messages)}
    sets["outbox_pending"] = 1
    sets["outbox_at_ms"] = epoch_ms(now)
    # $max creates the claim field on documents written without an outbox, and keeps a live claim.
    return {"$set": sets, "$inc": {"outbox_seq": len(messages)}, "$max": {"outbox_claim_ms": 0}}


def merge_update(*updates: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for update in updates:
        for op, fields in update.items():
            merged.setdefault(op, {}).update(fields)
    return merged


def pending_messages(doc: dict[str, Any]) -> list[OutgoingMessage]:
    entries = sorted((doc.get("outbox") or {}).values(), key=lambda e: e.get("seq", 0))
    return [OutgoingMessage.model_validate(e) for e in entries]


class OutboxRelay:
    """Publishes the outbox of one collection; one per collection that carries an outbox."""

    # Documents published before their marks are written: a crash in between repeats at most one
    # chunk. Whole batches (up to 200) repeated 49 work items when routing was killed behind a
    # backlog; a chunk costs one confirm round trip and one bulk mark, cheap at any rate.
    SEND_CHUNK = 16

    def __init__(self, collection: AsyncCollection, publish: PublishFn, *, scan_interval_s: float = 2.0,
                 grace_s: float = 3.0, batch: int = 200, send_chunk: int = SEND_CHUNK,
                 on_published: Callable[[int], None] | None = None):
        self.collection = collection
        self._publish = publish
        self.grace_s = grace_s
        self.batch = batch
        self.send_chunk = send_chunk
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._drain: asyncio.Task | None = None
        # The scan: what a crash, a broker outage or a failed fast path left unsent.
        self._scan = Periodic(f"outbox scan of {collection.name}", self.scan_once, scan_interval_s, logger=log)
        self._on_published = on_published
        self.published = 0
        # Documents handed to the fast path and not yet sent: the scan leaves them alone, so a slow
        # fast path under load is not raced into publishing the same messages twice.
        self._inflight: set[Any] = set()
        # Message ids this relay published lately: a document handed over again before its
        # earlier messages were marked sent does not publish them twice.
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._recent_max = 50_000

    def submit(self, doc: dict[str, Any]) -> None:
        """Fast path: the writer hands over the document it just wrote (after the write)."""
        self._inflight.add(doc["_id"])
        self._queue.put_nowait(doc)

    async def start(self) -> None:
        self._drain = asyncio.create_task(self._drain_loop(), name="outbox-drain")
        await self._scan.start()

    async def stop(self) -> None:
        await self._scan.stop()
        if self._drain is not None:
            self._drain.cancel()
            await asyncio.gather(self._drain, return_exceptions=True)
            self._drain = None

    async def backlog(self) -> tuple[int, datetime | None]:
        """Unsent documents and the time of the oldest one (for metrics and alerts)."""
        # An aggregate $count: count_documents is two orders of magnitude slower on nx-27017.
        counted = await (await self.collection.aggregate(
            [{"$match": {"outbox_pending": 1}}, {"$count": "n"}])).to_list()
        count = counted[0]["n"] if counted else 0
        oldest = await self.collection.find_one({"outbox_pending": 1}, sort=[("outbox_at_ms", 1)],
                                                projection={"outbox_at_ms": 1})
        if not oldest or oldest.get("outbox_at_ms") is None:
            return count, None
        return count, datetime.fromtimestamp(oldest["outbox_at_ms"] / 1000, UTC)

    async def _drain_loop(self) -> None:
        while True:
            first = await self._queue.get()
            docs = [first]
            while not self._queue.empty() and len(docs) < self.batch:
                docs.append(self._queue.get_nowait())
            try:
                await self.send(docs)
            except Exception:  # noqa: BLE001 - the scan will send them later
                log.warning("outbox fast path failed; the scan will retry", exc_info=True)
            finally:
                self._inflight.difference_update(d["_id"] for d in docs)

    async def scan_once(self, grace_s: float | None = None) -> int:
        grace = self.grace_s if grace_s is None else grace_s
        cutoff = epoch_ms(datetime.now(UTC) - timedelta(seconds=grace))
        sent = 0
        while True:
            docs = await self.collection.find(
                {"outbox_pending": 1, "outbox_at_ms": {"$lte": cutoff}},
                projection={"outbox": 1, "outbox_seq": 1, "outbox_claim_ms": 1},
            ).sort("outbox_at_ms", 1).limit(self.batch).to_list()
            if not docs:
                return sent
            fresh = await self._claim([d for d in docs if d["_id"] not in self._inflight])
            if fresh:
                sent += await self.send(fresh)
            if len(docs) < self.batch or not fresh:
                return sent

    async def _claim(self, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Claim stale documents for this copy for a lease, so the scans of several copies of a
        service never send the same document twice. Costs one write per stale document only."""
        if not docs:
            return []
        now = epoch_ms()
        lease_until = now + int(max(self.grace_s, 5.0) * 1000)
        # Documents written before claims existed have no claim field; a `$or` of both conditions is
        # evaluated wrongly by nx-27017 inside update_one, so the condition is chosen per document.
        results = await asyncio.gather(*(
            self.collection.update_one(
                {"_id": d["_id"], "outbox_seq": d.get("outbox_seq", 0),
                 "outbox_claim_ms": {"$lt": now} if "outbox_claim_ms" in d else {"$exists": False}},
                {"$set": {"outbox_claim_ms": lease_until}})
            for d in docs))
        return [d for d, r in zip(docs, results) if r.modified_count]

    async def send(self, docs: list[dict[str, Any]]) -> int:
        """Publish every pending message of these documents (confirmed) and mark them sent, one
        chunk after another; a chunk that fails stops the rest (they stay due for the scan)."""
        sent = 0
        for start in range(0, len(docs), self.send_chunk):
            sent += await self._send_chunk(docs[start:start + self.send_chunk])
        return sent

    async def _send_chunk(self, docs: list[dict[str, Any]]) -> int:
        per_doc = [(doc, pending_messages(doc)) for doc in docs]
        messages = list({m.message_id: m for _, msgs in per_doc for m in msgs
                         if m.message_id not in self._recent}.values())
        # Confirms are awaited together: one round trip for the batch, not one per message.
        results = await asyncio.gather(*(self._publish(m) for m in messages), return_exceptions=True)
        failed = {m.message_id for m, r in zip(messages, results) if isinstance(r, BaseException)}
        for m in messages:
            if m.message_id not in failed:
                self._recent[m.message_id] = None
        while len(self._recent) > self._recent_max:
            self._recent.popitem(last=False)
        complete, partial = [], []
        for doc, msgs in per_doc:
            done = [m.message_id for m in msgs if m.message_id not in failed]
            if done:
                unset = {f"outbox.{mid}": "" for mid in done}
                (complete if len(done) == len(msgs) else partial).append((doc, unset))
        if complete:
            # Clear the flag only if nothing was added since the document was read.
            result = await self.collection.bulk_write([
                UpdateOne({"_id": doc["_id"], "outbox_seq": doc.get("outbox_seq", 0)},
                          {"$unset": unset, "$set": {"outbox_pending": 0}})
                for doc, unset in complete
            ], ordered=False)
            if result.matched_count < len(complete):
                partial.extend(complete)  # some grew meanwhile: unset ours, keep the flag
        if partial:
            await self.collection.bulk_write(
                [UpdateOne({"_id": doc["_id"]}, {"$unset": unset}) for doc, unset in partial], ordered=False)
        count = len(messages) - len(failed)
        self.published += count
        if self._on_published:
            self._on_published(count)
        if failed:
            first_error = next(r for r in results if isinstance(r, BaseException))
            raise RuntimeError(f"{len(failed)} outbox message(s) not confirmed") from first_error
        return count
