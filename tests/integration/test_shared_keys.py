"""Each service's copy of the API keys: newest version wins, revocation spreads within the cache
time, and a burst of requests costs one read."""

import asyncio
import uuid

import pytest

from shared.auth import KeyStore, hash_key, key_indexes
from shared.contracts.intake import ApiKeyChanged
from shared.mongo import create_client, ensure_indexes

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(mongo_url):
    client = create_client(mongo_url)
    db = client[f"keys_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, key_indexes())
    yield KeyStore(db, cache_s=0.2)
    await client.drop_database(db.name)
    await client.close()


def change(version: int, revoked: bool = False, department: str = "kaski") -> ApiKeyChanged:
    return ApiKeyChanged(key_id="k1", key_hash=hash_key("secret-1"), role="department", department=department,
                         revoked=revoked, version=version)


async def test_newest_version_wins_whatever_the_arrival_order(store):
    assert await store.apply_change(change(2, department="zabita"))
    assert not await store.apply_change(change(1))  # older: ignored
    assert not await store.apply_change(change(2))  # same: ignored
    principal = await store.lookup("secret-1")
    assert principal.department == "zabita" and principal.role == "department"


async def test_revocation_takes_effect_within_the_cache_time(store):
    await store.apply_change(change(1))
    assert await store.lookup("secret-1") is not None
    await store.apply_change(change(2, revoked=True))
    store_elsewhere = KeyStore(store.db, cache_s=0.2)  # another copy of the service
    assert await store_elsewhere.lookup("secret-1") is None
    await asyncio.sleep(0.25)
    assert await store.lookup("secret-1") is None
    assert await store.lookup("unknown") is None


async def test_a_burst_of_lookups_reads_the_database_once(store):
    await store.apply_change(change(1))
    store.forget()
    reads = 0
    load = store._load

    async def counting(digest):
        nonlocal reads
        reads += 1
        return await load(digest)

    store._load = counting
    results = await asyncio.gather(*(store.lookup("secret-1") for _ in range(50)))
    assert reads == 1 and all(r.key_id == "k1" for r in results)


async def test_dev_keys_are_seeded_and_detected(store):
    assert not await store.holds_dev_keys()
    await store.seed_dev_keys()
    assert await store.holds_dev_keys()
    assert (await store.lookup("dev-dept-kaski")).department == "kaski"
    assert (await store.lookup("dev-web")).channel == "web"
