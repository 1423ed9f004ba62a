"""Batched inserts, updates and look-ups against the server under test: each caller's own outcome."""

import asyncio

import pytest

from shared.batching import BatchedInserts, BatchedLookups, BatchedUpdates
from shared.mongo import Index, ensure_indexes
from tests.integration.test_shared_storage_compat import db  # noqa: F401 - a fresh database per test

pytestmark = pytest.mark.integration


async def test_concurrent_inserts_share_commands_and_duplicates_are_told_apart(db):
    await ensure_indexes(db, [Index("apps", [("key", 1)], unique=True)])
    await db.apps.insert_one({"_id": "held", "key": "k-held"})
    inserts = BatchedInserts(db.apps)
    docs = [{"_id": f"a{i}", "key": f"k{i}"} for i in range(40)]
    docs += [{"_id": "held", "key": "other"},        # duplicate _id
             {"_id": "b1", "key": "k-held"},         # duplicate unique key
             {"_id": "a3", "key": "k3-again"}]       # duplicate of a document in the same batch
    results = await asyncio.gather(*(inserts.insert(d) for d in docs))
    assert results[:40] == [True] * 40 and results[40:] == [False, False, False]
    assert inserts._group.commands < len(docs) / 4  # batched, not one command each
    assert await db.apps.count_documents({}) == 41
    assert (await db.apps.find_one({"_id": "a3"}))["key"] == "k3"


async def test_updates_report_matched_when_every_filter_matched_and_none_when_one_missed(db):
    await db.c.insert_many([{"_id": i, "v": 0} for i in range(10)])
    updates = BatchedUpdates(db.c)
    matched = await asyncio.gather(*(updates.update({"_id": i, "v": {"$lt": 1}}, {"$set": {"v": 1}})
                                     for i in range(10)))
    assert matched == [True] * 10
    assert sorted(d["v"] for d in await db.c.find().to_list()) == [1] * 10
    # One filter misses: the batch cannot say whose, so every caller in it is told None.
    mixed = await asyncio.gather(*(updates.update({"_id": i, "v": {"$lt": 2}}, {"$set": {"v": 2}})
                                   for i in (0, 1, 99)))
    assert mixed == [None, None, None]
    assert (await db.c.find_one({"_id": 1}))["v"] == 2
    # Alone, the caller gets the exact answer.
    assert await updates.update({"_id": 42}, {"$set": {"v": 3}}) is False


async def test_lookups_by_id_return_each_caller_its_document_or_none(db):
    await db.p.insert_many([{"_id": f"+90555{i:07d}", "opt_out": i % 2, "secret": "x"} for i in range(20)])
    lookups = BatchedLookups(db.p, projection={"opt_out": 1})
    wanted = [f"+90555{i:07d}" for i in range(20)] + ["+905550000000", "+905559999999"]
    found = await asyncio.gather(*(lookups.get(i) for i in wanted))
    assert [d["opt_out"] for d in found[:20]] == [i % 2 for i in range(20)]
    assert found[20]["_id"] == "+905550000000" and found[21] is None
    assert all("secret" not in d for d in found if d)
    assert lookups._group.commands <= 2


async def test_status_view_updates_in_one_batch_each_learn_whether_they_applied(db):
    """intake's status view: when a batch falls short (one older or unknown), each caller still gets
    the right answer by reading back the version it holds."""
    from services.intake.adapters.applications import MongoApplications

    store = MongoApplications(db)
    await db.applications.insert_many([{"_id": f"153-2026-00000{i}", "case_version": 1} for i in range(4)])
    await db.applications.update_one({"_id": "153-2026-000002"}, {"$set": {"case_version": 4}})
    calls = [("153-2026-000000", 2), ("153-2026-000001", 1),  # 1 again: a redelivery of what is held
             ("153-2026-000002", 3),                          # older than the 4 held
             ("153-2026-000003", 3), ("153-2026-999999", 2)]  # unknown
    results = await asyncio.gather(*(store.apply_if_newer(tn, v, {"case_version": v, "status": f"v{v}"})
                                     for tn, v in calls))
    assert results == [True, True, False, True, False]
    held = {d["_id"]: d["case_version"] for d in await db.applications.find().to_list()}
    assert held == {"153-2026-000000": 2, "153-2026-000001": 1, "153-2026-000002": 4, "153-2026-000003": 3}
    # Alone (no batch): the same answers.
    assert await store.apply_if_newer("153-2026-000002", 3, {"case_version": 3}) is False
    assert await store.apply_if_newer("153-2026-000000", 2, {"case_version": 2}) is True


async def test_notification_outcomes_in_one_batch_each_learn_whether_they_were_theirs(db):
    """notify's mark_sent: a notification another sender already finished is not handed to the relay,
    while the others in the same batch are, each with exactly its own outcome message."""
    from datetime import UTC, datetime

    from services.notify.adapters.store import NotifyStore
    from shared.contracts.envelope import envelope
    from shared.contracts.notify import NotificationSent

    store = NotifyStore(db)
    now = datetime.now(UTC)
    await db.notifications.insert_many([{"_id": f"n{i}", "status": "pending"} for i in range(3)]
                                       + [{"_id": "n-done", "status": "sent"}])

    def sent(nid: str):
        return envelope(NotificationSent(notification_id=nid, source_message_id="m", correlation_id="153-2026-000001",
                                         channel="sms", template="receipt"), producer="notify")

    messages = {nid: sent(nid) for nid in ("n0", "n1", "n2", "n-done")}
    docs = await asyncio.gather(*(store.mark_sent(nid, f"gw-{nid}", now, msg) for nid, msg in messages.items()))
    assert docs[3] is None
    for nid, doc in zip(("n0", "n1", "n2"), docs):
        assert list(doc["outbox"]) == [messages[nid].message_id] and doc["outbox_seq"] == 1
    held = {d["_id"]: d for d in await db.notifications.find().to_list()}
    assert [held[f"n{i}"]["provider_id"] for i in range(3)] == ["gw-n0", "gw-n1", "gw-n2"]
    assert held["n-done"]["status"] == "sent" and "provider_id" not in held["n-done"]
    assert all(held[f"n{i}"]["outbox_seq"] == 1 for i in range(3))
