"""Group commit: one database command for every caller that arrives while the previous one runs.

Consumers handle up to `prefetch` messages at once and the HTTP API many requests, and each used to
send its own insert, update or look-up. A command's fixed price dominates (measured on nx-27017:
0.5-0.9 ms per `insert_one`/`update_one`/`find_one`, 0.13-0.23 ms per document in `insert_many` or
`bulk_write`), so a `GroupCommit` queues the callers' items and sends them as one command. There is
no timer by default: with nothing in flight an item is sent at once (no added latency when idle),
and the items that arrive while a command runs form the next one, so batches grow with the load.
Where a few milliseconds do not matter to anyone waiting (a notification's bookkeeping, the status
view), `linger_s` holds the first item of each batch that long so that more join it.

Each caller still gets its own outcome: inserted or duplicate, matched or not, found or not.
The batched command runs in its own trace, linked to every caller's span.
"""

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from opentelemetry import trace
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError

log = logging.getLogger("irtibat.batching")
tracer = trace.get_tracer("irtibat.batching")

Item = TypeVar("Item")
Result = TypeVar("Result")
DUPLICATE_KEY = 11000


class GroupCommit(Generic[Item, Result]):
    """Runs `run(items)` for batches of items; `run` returns one result or exception per item."""

    def __init__(self, name: str, run: Callable[[list[Item]], Awaitable[Sequence[Any]]], *,
                 max_batch: int = 500, linger_s: float = 0.0):
        self.name, self._run = name, run
        self.max_batch, self.linger_s = max_batch, linger_s
        self._pending: list[tuple[Item, asyncio.Future, trace.Link | None]] = []
        self._flushing = False  # one command at a time: what queues meanwhile is the next batch
        self._tasks: set[asyncio.Task] = set()  # the loop keeps only weak references to tasks
        self.commands = 0
        self.items = 0

    async def submit(self, item: Item) -> Result:
        future = asyncio.get_running_loop().create_future()
        context = trace.get_current_span().get_span_context()
        self._pending.append((item, future, trace.Link(context) if context.is_valid else None))
        if not self._flushing:
            self._flushing = True
            # A fresh context: the command serves many traces, so it belongs to none of them.
            task = asyncio.get_running_loop().create_task(self._flush(), context=contextvars.Context())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _flush(self) -> None:
        try:
            while self._pending:
                # Before every batch not yet full: under load, each one gathers a linger's worth.
                if self.linger_s and len(self._pending) < self.max_batch:
                    await asyncio.sleep(self.linger_s)
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                batch = [entry for entry in batch if not entry[1].done()]  # callers that gave up
                if batch:
                    await self._send(batch)
        except asyncio.CancelledError:
            # Shutting down: nobody may wait for ever on an item that will not be sent.
            waiting, self._pending = self._pending, []
            self._settle(waiting, [RuntimeError(f"{self.name}: not sent (shutting down)")] * len(waiting))
            raise
        finally:
            self._flushing = False

    async def _send(self, batch: list[tuple[Item, asyncio.Future, trace.Link | None]]) -> None:
        links = [link for _, _, link in batch if link is not None]
        with tracer.start_as_current_span(f"batch {self.name}", links=links) as span:
            span.set_attribute("irtibat.batch_size", len(batch))
            try:
                results: Sequence[Any] = await self._run([item for item, _, _ in batch])
            except BaseException as exc:  # noqa: BLE001 - every caller learns of the failure
                results = [exc] * len(batch)
                if isinstance(exc, asyncio.CancelledError):
                    results = [RuntimeError(f"{self.name}: batch cancelled (shutting down)")] * len(batch)
                    self._settle(batch, results)
                    raise
        if len(results) != len(batch):
            results = [RuntimeError(f"{self.name}: {len(results)} results for {len(batch)} items")] * len(batch)
        self.commands += 1
        self.items += len(batch)
        self._settle(batch, results)

    @staticmethod
    def _settle(batch, results: Sequence[Any]) -> None:
        for (_, future, _), result in zip(batch, results):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


class BatchedInserts:
    """`await insert(doc)`: True when inserted, False when a unique index already held its key."""

    def __init__(self, collection: AsyncCollection, **options: Any):
        self.collection = collection
        self._group: GroupCommit[dict[str, Any], bool] = GroupCommit(
            f"insert {collection.name}", self._insert_many, **options)

    async def insert(self, doc: dict[str, Any]) -> bool:
        return await self._group.submit(doc)

    async def _insert_many(self, docs: list[dict[str, Any]]) -> list[Any]:
        if len(docs) == 1:  # the quiet case: the cheapest command for one document
            try:
                await self.collection.insert_one(docs[0])
                return [True]
            except DuplicateKeyError:
                return [False]
        results: list[Any] = [True] * len(docs)
        try:
            await self.collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            for error in exc.details.get("writeErrors", []):
                index = error["index"]
                results[index] = False if error.get("code") == DUPLICATE_KEY else \
                    RuntimeError(f"insert into {self.collection.name} failed: {error.get('errmsg')}")
        return results


class BatchedUpdates:
    """`await update(filter, update)`: True when the batch matched every filter, else None.

    A bulk write reports only how many filters matched in all, so when a batch falls short the
    callers cannot tell whose filter missed: they get None and decide by reading the document
    (a conditional update must not simply be sent again, it may have been applied)."""

    def __init__(self, collection: AsyncCollection, **options: Any):
        self.collection = collection
        self._group: GroupCommit[tuple[dict, dict], bool | None] = GroupCommit(
            f"update {collection.name}", self._bulk_write, **options)

    async def update(self, flt: dict[str, Any], update: dict[str, Any]) -> bool | None:
        return await self._group.submit((flt, update))

    async def _bulk_write(self, ops: list[tuple[dict, dict]]) -> list[bool | None]:
        if len(ops) == 1:
            result = await self.collection.update_one(*ops[0])
            return [result.matched_count == 1]
        result = await self.collection.bulk_write([UpdateOne(f, u) for f, u in ops], ordered=False)
        everything = result.matched_count == len(ops)
        return [True if everything else None] * len(ops)


class BatchedLookups:
    """`await get(id)`: the document with that `_id` (with the projection), or None."""

    def __init__(self, collection: AsyncCollection, projection: dict[str, Any] | None = None, **options: Any):
        self.collection, self.projection = collection, projection
        self._group: GroupCommit[Any, dict[str, Any] | None] = GroupCommit(
            f"find {collection.name}", self._find_in, **options)

    async def get(self, doc_id: Any) -> dict[str, Any] | None:
        return await self._group.submit(doc_id)

    async def _find_in(self, ids: list[Any]) -> list[dict[str, Any] | None]:
        if len(ids) == 1:
            return [await self.collection.find_one({"_id": ids[0]}, projection=self.projection)]
        found = {doc["_id"]: doc async for doc in self.collection.find(
            {"_id": {"$in": list(dict.fromkeys(ids))}}, projection=self.projection)}
        return [found.get(i) for i in ids]
