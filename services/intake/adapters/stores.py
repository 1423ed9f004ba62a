"""MongoDB storage of the tracking-number counters, the catalogue, the API keys and the audit log."""

from typing import Any
from uuid import uuid4

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.intake.application.ports import DuplicateKey
from shared.auth import COLLECTION as KEYS_COLLECTION
from shared.mongo import Index

COUNTERS = "counters"
CATALOGUE = "catalogue"
CATALOGUE_ID = "catalogue"
AUDIT = "audit_log"


def indexes() -> list[Index]:
    return [Index(AUDIT, [("tracking_no", 1), ("at", -1)], name="audit_by_application")]


class MongoCounters:
    def __init__(self, db: AsyncDatabase):
        self.collection = db[COUNTERS]

    async def reserve(self, counter_id: str, size: int) -> int:
        doc = await self.collection.find_one_and_update(
            {"_id": counter_id}, {"$inc": {"value": size}}, upsert=True, return_document=ReturnDocument.AFTER)
        return int(doc["value"])


class MongoCatalogue:
    """The whole catalogue is one document, so a change and its `catalogue.changed` are one write."""

    def __init__(self, db: AsyncDatabase):
        self.collection = db[CATALOGUE]

    async def load(self) -> dict[str, Any] | None:
        return await self.collection.find_one({"_id": CATALOGUE_ID}, projection={"outbox": 0})

    async def create(self, doc: dict[str, Any]) -> bool:
        try:
            await self.collection.insert_one({"_id": CATALOGUE_ID, **doc})
            return True
        except DuplicateKeyError:
            return False  # another copy seeded it first

    async def update_if_version(self, version: int, update: dict[str, Any]) -> dict[str, Any] | None:
        return await self.collection.find_one_and_update(
            {"_id": CATALOGUE_ID, "version": version}, update, return_document=ReturnDocument.AFTER)


class MongoKeys:
    """Intake is the owner of the keys; its own copy (shared.auth.KeyStore) is the same collection."""

    def __init__(self, db: AsyncDatabase):
        self.collection = db[KEYS_COLLECTION]

    async def insert(self, doc: dict[str, Any]) -> None:
        try:
            await self.collection.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateKey(str(exc)) from exc

    async def get(self, key_id: str) -> dict[str, Any] | None:
        return await self.collection.find_one({"_id": key_id}, projection={"outbox": 0})

    async def update_if_version(self, key_id: str, version: int, update: dict[str, Any]) -> dict[str, Any] | None:
        return await self.collection.find_one_and_update(
            {"_id": key_id, "version": version}, update, return_document=ReturnDocument.AFTER)

    async def list(self) -> list[dict[str, Any]]:
        return await self.collection.find({}, projection={"outbox": 0}).sort("_id", 1).to_list()


class MongoAudit:
    def __init__(self, db: AsyncDatabase):
        self.collection = db[AUDIT]

    async def record(self, entry: dict[str, Any]) -> None:
        await self.collection.insert_one({"_id": str(uuid4()), **entry})


ERASURE_REPORTS = "erasure_reports"


class MongoErasureReports:
    """One document per (erasure, service): a redelivered report changes nothing."""

    def __init__(self, db: AsyncDatabase):
        self.collection = db[ERASURE_REPORTS]

    async def record(self, report: dict[str, Any]) -> bool:
        try:
            await self.collection.insert_one({"_id": f"{report['erasure_id']}:{report['service']}", **report})
            return True
        except DuplicateKeyError:
            return False
