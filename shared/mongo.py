"""MongoDB through PyMongo's asyncio API: client factory and index declaration.

Storage rules (DESIGN.md, Storage) that keep code identical on real MongoDB and the nx-27017
stand-in: string ids only; single-document atomic updates; unique indexes only on fields that
are always present; no transactions, partial indexes, arrayFilters or `$setOnInsert` in
`find_one_and_update`. Measured on nx-27017 0.8.1 and kept in tests/integration/test_storage_compat.py:
`$push` of sub-documents stores them as JSON strings and `$ne` against an array field does not
work, so growing collections of sub-documents are kept as maps keyed by id (`$set` `a.<id>`,
`$unset`), never as arrays of sub-documents; booleans written by `$set` may read back as 0/1,
so flags that are updated are integers; a datetime written by a top-level `$set` is stored as a
string (times that are updated and queried by range are epoch numbers); `{"f": {"$ne": 1}}` misses
documents without `f` in some queries and in `update_many` (use `{"$in": [None, 0]}`); a `$or`
inside an `update_one` filter is evaluated wrongly; `count_documents` is two orders of magnitude
slower than an aggregate `$count`; compound indexes are not used (declare the single-field one too).
"""

from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase


def create_client(url: str, **kwargs: Any) -> AsyncMongoClient:
    return AsyncMongoClient(
        url, tz_aware=True, serverSelectionTimeoutMS=kwargs.pop("serverSelectionTimeoutMS", 3000),
        appname=kwargs.pop("appname", "irtibat"), **kwargs,
    )


@dataclass(frozen=True)
class Index:
    collection: str
    keys: list[tuple[str, int]]
    unique: bool = False
    expire_after_seconds: int | None = None
    name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


async def ensure_indexes(db: AsyncDatabase, indexes: list[Index]) -> None:
    """Create every declared index (idempotent)."""
    for idx in indexes:
        opts: dict[str, Any] = dict(idx.options)
        if idx.unique:
            opts["unique"] = True
        if idx.expire_after_seconds is not None:
            opts["expireAfterSeconds"] = idx.expire_after_seconds
        if idx.name:
            opts["name"] = idx.name
        await db[idx.collection].create_index(idx.keys, **opts)


async def ping(db: AsyncDatabase) -> bool:
    try:
        await db.command("ping")
        return True
    except Exception:  # noqa: BLE001 - readiness only reports
        return False
