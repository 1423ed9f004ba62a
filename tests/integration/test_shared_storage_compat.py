"""Every storage operation İrtibat relies on, against the server under test (nx-27017 here, real
MongoDB when MONGO_URL points at one): the same code must hold on both (DESIGN.md, Storage)."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pymongo import ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.mongo import Index, create_client, ensure_indexes

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(mongo_url):
    client = create_client(mongo_url)
    database = client[f"compat_{uuid.uuid4().hex[:8]}"]
    yield database
    await client.drop_database(database.name)
    await client.close()


async def test_string_ids_insert_find_and_duplicate_key(db):
    await db.c.insert_one({"_id": "153-2026-000001", "n": 1})
    assert (await db.c.find_one({"_id": "153-2026-000001"}))["n"] == 1
    with pytest.raises(DuplicateKeyError):
        await db.c.insert_one({"_id": "153-2026-000001"})


async def test_unique_and_compound_unique_indexes(db):
    await ensure_indexes(db, [Index("g", [("consumer", 1), ("message_id", 1)], unique=True),
                              Index("k", [("key", 1)], unique=True)])
    await db.g.insert_one({"consumer": "a", "message_id": "1"})
    await db.g.insert_one({"consumer": "b", "message_id": "1"})
    with pytest.raises(DuplicateKeyError):
        await db.g.insert_one({"consumer": "a", "message_id": "1"})
    await db.k.insert_one({"key": "x"})
    with pytest.raises(DuplicateKeyError):
        await db.k.insert_one({"key": "x"})
    # Declaring the same indexes again is harmless.
    await ensure_indexes(db, [Index("k", [("key", 1)], unique=True)])


async def test_ttl_index_declares(db):
    await ensure_indexes(db, [Index("t", [("at", 1)], expire_after_seconds=60)])
    info = await db.t.index_information()
    assert any(v.get("expireAfterSeconds") == 60 for v in info.values())


async def test_atomic_counter_with_inc_upsert(db):
    async def take():
        doc = await db.counters.find_one_and_update({"_id": "2026"}, {"$inc": {"next": 1}}, upsert=True,
                                                    return_document=ReturnDocument.AFTER)
        return doc["next"]

    values = await asyncio.gather(*(take() for _ in range(50)))
    assert sorted(values) == list(range(1, 51))


async def test_conditional_claim_succeeds_once(db):
    await db.cases.insert_one({"_id": "c1", "level": 0, "version": 1})

    async def claim():
        r = await db.cases.update_one({"_id": "c1", "level": 0}, {"$set": {"level": 1}, "$inc": {"version": 1}})
        return r.modified_count

    assert sorted(await asyncio.gather(*(claim() for _ in range(10)))) == [0] * 9 + [1]


async def test_capacity_claim_with_lt_filter_never_exceeds(db):
    await db.sessions.insert_one({"_id": "s", "confirmed": 0, "capacity": 10})

    async def seat():
        r = await db.sessions.update_one({"_id": "s", "confirmed": {"$lt": 10}}, {"$inc": {"confirmed": 1}})
        return r.modified_count

    assert sum(await asyncio.gather(*(seat() for _ in range(50)))) == 10
    assert (await db.sessions.find_one({"_id": "s"}))["confirmed"] == 10


async def test_maps_of_subdocuments_set_and_unset_by_dotted_path(db):
    now = datetime.now(UTC)
    await db.d.insert_one({"_id": "x", "outbox": {"m1": {"body": "{}", "at": now, "h": {"k": "v"}}},
                           "outbox_seq": 1, "outbox_pending": 1})
    await db.d.update_one({"_id": "x"}, {"$set": {"outbox.m2": {"body": "[]", "at": now}, "timeline.0002": {"s": "a"}},
                                         "$inc": {"outbox_seq": 1}})
    doc = await db.d.find_one({"_id": "x"})
    assert doc["outbox"]["m1"]["h"] == {"k": "v"} and doc["outbox"]["m2"]["body"] == "[]"
    assert isinstance(doc["outbox"]["m1"]["at"], datetime) and doc["timeline"]["0002"] == {"s": "a"}
    stale = await db.d.update_one({"_id": "x", "outbox_seq": 1}, {"$set": {"outbox_pending": 0}})
    assert stale.matched_count == 0  # optimistic check on a scalar counter
    await db.d.update_one({"_id": "x", "outbox_seq": 2},
                          {"$unset": {"outbox.m1": "", "outbox.m2": ""}, "$set": {"outbox_pending": 0}})
    doc = await db.d.find_one({"_id": "x"})
    assert doc["outbox"] == {} and doc["outbox_pending"] == 0


async def test_push_and_add_to_set_of_plain_strings(db):
    await db.s.insert_one({"_id": "x", "ids": []})
    await db.s.update_one({"_id": "x"}, {"$push": {"ids": "a"}})
    await db.s.update_one({"_id": "x"}, {"$addToSet": {"ids": "a"}})
    await db.s.update_one({"_id": "x"}, {"$addToSet": {"ids": "b"}})
    assert (await db.s.find_one({"_id": "x"}))["ids"] == ["a", "b"]
    await db.s.update_one({"_id": "x"}, {"$pull": {"ids": "a"}})
    assert (await db.s.find_one({"_id": "x"}))["ids"] == ["b"]


async def test_upsert_with_update_one_then_read(db):
    await db.u.update_one({"_id": "k"}, {"$setOnInsert": {"created": 1}, "$set": {"seen": 1}}, upsert=True)
    await db.u.update_one({"_id": "k"}, {"$setOnInsert": {"created": 2}, "$set": {"seen": 2}}, upsert=True)
    assert await db.u.find_one({"_id": "k"}) == {"_id": "k", "created": 1, "seen": 2}


async def test_bulk_write_of_updates_reports_matches(db):
    await db.b.insert_many([{"_id": str(i), "seq": 1} for i in range(5)])
    result = await db.b.bulk_write([UpdateOne({"_id": str(i), "seq": 1 if i < 3 else 9}, {"$set": {"done": 1}})
                                    for i in range(5)], ordered=False)
    assert result.matched_count == 3
    assert await db.b.count_documents({"done": 1}) == 3


async def test_insert_many_unordered_reports_duplicates_and_keeps_the_rest(db):
    await db.i.insert_one({"_id": "a"})
    with pytest.raises(BulkWriteError):
        await db.i.insert_many([{"_id": "a"}, {"_id": "b"}], ordered=False)
    assert await db.i.count_documents({}) == 2


async def test_date_range_sort_limit_and_timezone(db):
    now = datetime.now(UTC)
    await db.t.insert_many([{"_id": str(i), "due_at": now - timedelta(minutes=i)} for i in range(5)])
    docs = await db.t.find({"due_at": {"$lte": now - timedelta(minutes=2)}}).sort("due_at", 1).limit(2).to_list()
    assert [d["_id"] for d in docs] == ["4", "3"]
    assert docs[0]["due_at"].tzinfo is not None


async def test_range_box_query_for_nearby_points(db):
    await db.p.insert_many([{"_id": "near", "lat": 38.7205, "lon": 35.4826},
                            {"_id": "far", "lat": 38.80, "lon": 35.60}])
    box = {"lat": {"$gte": 38.719, "$lte": 38.722}, "lon": {"$gte": 35.481, "$lte": 35.484}}
    assert [d["_id"] for d in await db.p.find(box).to_list()] == ["near"]


async def test_plain_aggregation(db):
    await db.a.insert_many([{"ch": "web", "n": 1}, {"ch": "web", "n": 2}, {"ch": "phone", "n": 5}])
    rows = await (await db.a.aggregate([{"$match": {"n": {"$gte": 1}}}, {"$group": {"_id": "$ch", "total": {"$sum": "$n"}}},
                                        {"$sort": {"_id": 1}}])).to_list()
    assert rows == [{"_id": "phone", "total": 5}, {"_id": "web", "total": 3}]
    counted = await (await db.a.aggregate([{"$match": {"ch": "web"}}, {"$count": "n"}])).to_list()
    assert counted == [{"n": 2}]


async def test_in_and_exists_queries_and_delete(db):
    await db.q.insert_many([{"_id": "1", "s": "routed"}, {"_id": "2", "s": "resolved"}, {"_id": "3"}])
    assert await db.q.count_documents({"s": {"$in": ["routed", "resolved"]}}) == 2
    assert await db.q.count_documents({"s": {"$exists": False}}) == 1
    await db.q.delete_one({"_id": "3"})
    assert await db.q.count_documents({}) == 2


async def test_datetimes_set_at_top_level_are_not_range_queryable_so_times_are_epoch_ms(db):
    """nx-27017 stores a datetime written by a top-level $set as a string: a range query then
    misses it. Times that are updated and queried by range are stored as epoch milliseconds."""
    now = datetime.now(UTC)
    await db.e.insert_one({"_id": "a", "at": now, "at_ms": 0})
    await db.e.update_one({"_id": "a"}, {"$set": {"at_ms": int(now.timestamp() * 1000), "inner": {"at": now}}})
    cutoff_ms = int((now + timedelta(seconds=1)).timestamp() * 1000)
    assert await db.e.count_documents({"at_ms": {"$lte": cutoff_ms}}) == 1
    assert await db.e.count_documents({"at": {"$lte": now + timedelta(seconds=1)}}) == 1  # inserted: fine
    doc = await db.e.find_one({"_id": "a"})
    assert isinstance(doc["inner"]["at"], datetime)  # nested in a sub-document: stays a datetime
