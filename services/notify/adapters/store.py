"""Notify's own database: contacts per tracking number, versions, preferences, the notifications.

A notification document is claimed by a unique insert BEFORE its provider call (status pending,
with a lease) and marked sent or failed after it, together with its outgoing
notification.sent / .failed message (embedded outbox).

Times that queries compare (`lease_ms`, `due_ms`, `claimed_ms`) are epoch milliseconds: the
nx-27017 stand-in stores datetimes written by `$set` as strings, which no longer compare with
datetimes. Times only shown to people are ISO-8601 strings, the same on both databases.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts.envelope import OutgoingMessage
from shared.batching import BatchedInserts, BatchedLookups, BatchedUpdates
from shared.mongo import Index
from shared.outbox import merge_update, outbox_update

CONTACTS, REGISTRATIONS, NOTIFICATIONS, PREFERENCES = "contacts", "registrations", "notifications", "preferences"
PENDING, RETRY, SCHEDULED, SENT, FAILED, SKIPPED = "pending", "retry", "scheduled", "sent", "failed", "skipped"
# Notify is off the critical path (HTTP → department queue): its steps before a send wait up to
# this long so that each command carries several applications' documents (each command saved is
# ~1 ms of CPU, driver and stand-in); a citizen's SMS leaves ~0.1 s later at most.
BATCH_LINGER_S = 0.03
# A send is recorded with little delay: a crash between a send and its record repeats the send.
RECORD_LINGER_S = 0.005
LOG_HIDDEN = {f: 0 for f in ("to", "body", "subject", "subjects", "lease_ms", "due_ms", "claimed_ms", "outbox",
                              "outbox_pending", "outbox_seq", "outbox_at_ms")}


def indexes() -> list[Index]:
    return [
        Index(NOTIFICATIONS, [("correlation_id", 1), ("created_at", 1)], name="by_correlation"),
        Index(NOTIFICATIONS, [("status", 1), ("due_ms", 1)], name="due"),
        Index(NOTIFICATIONS, [("status", 1), ("lease_ms", 1)], name="leases"),
    ]


def ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _lease(now: datetime, lease_s: float) -> dict[str, Any]:
    return {"status": PENDING, "claimed_at": iso(now), "claimed_ms": ms(now), "lease_ms": ms(now) + int(lease_s * 1000)}


class Claim(StrEnum):
    CLAIMED = "claimed"
    TAKEN_OVER = "taken_over"  # an abandoned claim: the earlier sender may have sent it already
    DONE = "done"
    BUSY = "busy"


@dataclass
class ClaimResult:
    outcome: Claim
    counted_double: bool = False


class NotifyStore:
    def __init__(self, db: AsyncDatabase, on_scheduled: Callable[[int], None] | None = None):
        self.db = db
        # Told the due time (epoch ms) of every send this store scheduled, once the write has landed.
        self.on_scheduled = on_scheduled or (lambda due_ms: None)
        self.notifications = db[NOTIFICATIONS]
        # Consumers handle many messages at once: their commands go out in batches (shared/batching.py),
        # held a few milliseconds for company: nobody waits on notify at that scale.
        batching = {"linger_s": BATCH_LINGER_S}
        self._contact_inserts = BatchedInserts(db[CONTACTS], **batching)
        self._contact_updates = BatchedUpdates(db[CONTACTS], **batching)
        self._contacts = BatchedLookups(db[CONTACTS], **batching)
        self._preferences = BatchedLookups(db[PREFERENCES], projection={"sms_opt_out": 1}, **batching)
        self._notification_inserts = BatchedInserts(self.notifications, **batching)
        self._notification_updates = BatchedUpdates(self.notifications, linger_s=RECORD_LINGER_S)

    # contacts and versions -------------------------------------------------------------------
    async def save_contact(self, tracking_no: str, fields: dict[str, Any]) -> None:
        if not await self._contact_inserts.insert({"_id": tracking_no, "case_version": 0, **fields}):
            await self.db[CONTACTS].update_one({"_id": tracking_no}, {"$set": fields})

    async def contact(self, tracking_no: str) -> dict[str, Any] | None:
        return await self._contacts.get(tracking_no)

    async def advance_case(self, tracking_no: str, version: int) -> None:
        await self._contact_updates.update({"_id": tracking_no, "case_version": {"$lt": version}},
                                           {"$set": {"case_version": version}})

    async def registration_version(self, registration_id: str) -> int:
        doc = await self.db[REGISTRATIONS].find_one({"_id": registration_id})
        return int(doc["version"]) if doc else 0

    async def advance_registration(self, registration_id: str, version: int) -> None:
        result = await self.db[REGISTRATIONS].update_one(
            {"_id": registration_id, "version": {"$lt": version}}, {"$set": {"version": version}})
        if not result.matched_count:
            try:
                await self.db[REGISTRATIONS].insert_one({"_id": registration_id, "version": version})
            except DuplicateKeyError:
                pass  # the same or a newer version is held

    # preferences ----------------------------------------------------------------------------
    async def sms_opted_out(self, phone: str) -> bool:
        doc = await self._preferences.get(phone)
        return bool(doc and doc.get("sms_opt_out"))

    async def set_preference(self, phone: str, *, sms_opt_out: bool, source: str, at: datetime,
                             subjects: list[str]) -> dict[str, Any]:
        fields = {"sms_opt_out": 1 if sms_opt_out else 0, "source": source, "updated_at": iso(at)}
        await self.db[PREFERENCES].update_one({"_id": phone}, {"$set": {**fields, "subjects": subjects}}, upsert=True)
        return {"phone": phone, **fields}

    async def preference(self, phone: str) -> dict[str, Any] | None:
        return await self.db[PREFERENCES].find_one({"_id": phone})

    # notifications --------------------------------------------------------------------------
    async def record(self, doc: dict[str, Any]) -> bool:
        """Insert a notification in a state that needs no claim (skipped, scheduled); False if known."""
        inserted = await self._notification_inserts.insert(doc)
        if inserted and doc.get("status") == SCHEDULED:
            self.on_scheduled(doc["due_ms"])
        return inserted

    async def claim(self, doc: dict[str, Any], now: datetime, lease_s: float) -> ClaimResult:
        lease = _lease(now, lease_s)
        if await self._notification_inserts.insert({**doc, **lease, "attempts": 1, "possible_double": 0}):
            return ClaimResult(Claim.CLAIMED)
        nid = doc["_id"]
        if await self.notifications.find_one_and_update(
                {"_id": nid, "status": RETRY}, {"$set": lease, "$inc": {"attempts": 1}}):
            return ClaimResult(Claim.CLAIMED)
        before = await self.notifications.find_one_and_update(
            {"_id": nid, "status": PENDING, "lease_ms": {"$lt": ms(now)}},
            {"$set": {**lease, "possible_double": 1}, "$inc": {"attempts": 1}},
            return_document=ReturnDocument.BEFORE)
        if before:
            return ClaimResult(Claim.TAKEN_OVER, counted_double=not before.get("possible_double"))
        existing = await self.notifications.find_one({"_id": nid}, projection={"status": 1})
        if existing and existing["status"] != PENDING:
            return ClaimResult(Claim.DONE)
        return ClaimResult(Claim.BUSY)

    async def _finish(self, nid: str, fields: dict[str, Any], message: OutgoingMessage) -> dict[str, Any] | None:
        """Record the outcome with its message; the document for the relay, or None if it was not ours
        to finish (no longer pending: another sender finished it)."""
        outbox = outbox_update([message])
        update = merge_update({"$set": fields, "$unset": {"to": "", "body": "", "lease_ms": ""}}, outbox)
        matched = await self._notification_updates.update({"_id": nid, "status": PENDING}, update)
        if matched is None:  # a batch fell short: ours applied if the document carries our message
            held = await self.notifications.find_one({"_id": nid}, projection={"outbox": 1, "outbox_seq": 1})
            return held if held and message.message_id in (held.get("outbox") or {}) else None
        if not matched:
            return None
        # A notification carries exactly one outgoing message in its life (its outcome: only a pending
        # one can be finished, and finishing ends that), so its outbox_seq is now 1.
        return {"_id": nid, "outbox": {message.message_id: outbox["$set"][f"outbox.{message.message_id}"]},
                "outbox_seq": 1}

    async def mark_sent(self, nid: str, provider_id: str, at: datetime, message: OutgoingMessage):
        return await self._finish(nid, {"status": SENT, "provider_id": provider_id, "sent_at": iso(at),
                                        "reason": None}, message)

    async def mark_failed(self, nid: str, reason: str, at: datetime, message: OutgoingMessage):
        return await self._finish(nid, {"status": FAILED, "reason": reason, "failed_at": iso(at)}, message)

    async def release(self, nid: str, reason: str, at: datetime) -> None:
        """A transient failure: the redelivered source message may claim it again."""
        await self.notifications.update_one({"_id": nid, "status": PENDING},
                                            {"$set": {"status": RETRY, "reason": reason, "last_error_at": iso(at)}})

    async def finish_skipped(self, nid: str, reason: str) -> None:
        await self.notifications.update_one({"_id": nid, "status": PENDING}, {
            "$set": {"status": SKIPPED, "reason": reason}, "$unset": {"to": "", "body": "", "lease_ms": ""}})

    async def reschedule(self, nid: str, due: datetime, reason: str) -> None:
        result = await self.notifications.update_one({"_id": nid, "status": PENDING},
                                                     {"$set": {"status": SCHEDULED, "scheduled_for": iso(due),
                                                               "due_ms": ms(due), "reason": reason}})
        if result.matched_count:
            self.on_scheduled(ms(due))

    async def earliest_due(self) -> int | None:
        """The due time (epoch ms) of the next scheduled send, None when nothing is scheduled."""
        doc = await self.notifications.find_one({"status": SCHEDULED}, projection={"due_ms": 1},
                                                sort=[("due_ms", 1)])
        return int(doc["due_ms"]) if doc else None

    async def due_ids(self, now: datetime, limit: int) -> list[str]:
        """The ids of up to `limit` scheduled notifications whose time has come, earliest first.
        One query for many sends: on the stand-in each such query scans every scheduled one."""
        docs = await self.notifications.find({"status": SCHEDULED, "due_ms": {"$lte": ms(now)}},
                                             projection={"_id": 1}).sort("due_ms", 1).limit(limit).to_list()
        return [d["_id"] for d in docs]

    async def claim_scheduled(self, nid: str, now: datetime, lease_s: float) -> dict[str, Any] | None:
        """Claims one scheduled notification for this sender; None if another copy got it first."""
        return await self.notifications.find_one_and_update(
            {"_id": nid, "status": SCHEDULED},
            {"$set": _lease(now, lease_s), "$inc": {"attempts": 1}}, return_document=ReturnDocument.AFTER)

    async def claim_abandoned_scheduled(self, now: datetime, lease_s: float) -> dict[str, Any] | None:
        """A scheduled send whose sender crashed mid-way: no source message will come back for it."""
        return await self.notifications.find_one_and_update(
            {"status": PENDING, "origin": "scheduler", "lease_ms": {"$lt": ms(now)}},
            {"$set": {**_lease(now, lease_s), "possible_double": 1}, "$inc": {"attempts": 1}},
            return_document=ReturnDocument.BEFORE)

    async def mark_stale_pending(self, older_than: datetime) -> int:
        """Claims older than a lease at start-up: each is a send whose outcome was never recorded."""
        counted = 0
        async for doc in self.notifications.find(
                {"status": PENDING, "claimed_ms": {"$lt": ms(older_than)}, "possible_double": 0},
                projection={"_id": 1}):
            result = await self.notifications.update_one(
                {"_id": doc["_id"], "status": PENDING, "possible_double": 0}, {"$set": {"possible_double": 1}})
            counted += result.modified_count
        return counted

    async def log(self, correlation_id: str, limit: int = 500) -> list[dict[str, Any]]:
        return await self.notifications.find({"correlation_id": correlation_id}, projection=LOG_HIDDEN) \
            .sort("created_at", 1).limit(limit).to_list()

    async def get(self, nid: str) -> dict[str, Any] | None:
        return await self.notifications.find_one({"_id": nid})

    async def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        async for row in await self.notifications.aggregate([{"$group": {"_id": "$status", "n": {"$sum": 1}}}]):
            counts[str(row["_id"])] = int(row["n"])
        counts["possible_doubles"] = await self.notifications.count_documents({"possible_double": 1})
        return counts
