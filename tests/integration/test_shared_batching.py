"""Batched inserts, updates and look-ups against the server under test: each caller's own outcome."""

import asyncio
import uuid

import pytest

from shared.batching import BatchedInserts, BatchedLookups, BatchedUpdates
from shared.mongo import Index, create_client, ensure_indexes

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(mongo_url):
    client = create_client(mongo_url)
    database = client[f"batch_{uuid.uuid4().hex[:8]}"]
    yield database
    await client.drop_database(database.name)
    await client.close()


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
