"""Routing's configuration in its own database: the catalogue copy (newest version only) and the
rules the municipality sets, read through a short in-process cache."""

import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.routing.domain.catalogue import Catalogue
from services.routing.domain.rules import Rule, ordered
from shared.contracts.intake import CatalogueChanged

CATALOGUE, RULES = "catalogue", "rules"
_CURRENT = "current"
RULE_FIELDS = ("department", "keywords", "district", "service_code", "kind", "priority", "active", "description")


def rule_from_doc(doc: dict[str, Any]) -> Rule:
    return Rule(rule_id=doc["_id"], department=doc["department"], keywords=tuple(doc.get("keywords") or ()),
                district=doc.get("district"), service_code=doc.get("service_code"), kind=doc.get("kind"),
                priority=int(doc.get("priority", 100)), active=bool(doc.get("active", 1)),
                description=doc.get("description") or "")


class MongoConfig:
    def __init__(self, db: AsyncDatabase, cache_s: float = 2.0):
        self.db, self.cache_s = db, cache_s
        self._catalogue: tuple[float, Catalogue] | None = None
        self._rules: tuple[float, list[Rule]] | None = None

    def forget(self) -> None:
        self._catalogue = self._rules = None

    def _fresh(self, cached: tuple[float, Any] | None) -> bool:
        return cached is not None and time.monotonic() - cached[0] < self.cache_s

    async def catalogue(self) -> Catalogue:
        if not self._fresh(self._catalogue):
            doc = await self.db[CATALOGUE].find_one({"_id": _CURRENT}) or {}
            self._catalogue = (time.monotonic(), Catalogue.from_services(doc.get("version", 0),
                                                                         doc.get("services") or []))
        return self._catalogue[1]

    async def apply_catalogue(self, change: CatalogueChanged) -> bool:
        """Keep only the newest snapshot; an older or equal version (reordered delivery) is ignored."""
        fields = {"version": change.version, "changed_at": change.changed_at, "received_at": datetime.now(UTC),
                  "services": [s.model_dump(mode="json") for s in change.services]}
        result = await self.db[CATALOGUE].update_one(
            {"_id": _CURRENT, "version": {"$lt": change.version}}, {"$set": fields})
        applied = bool(result.matched_count)
        if not applied:
            try:
                await self.db[CATALOGUE].insert_one({"_id": _CURRENT, **fields})
                applied = True
            except DuplicateKeyError:
                applied = False
        if applied:
            self._catalogue = None
        return applied

    async def rules(self) -> list[Rule]:
        if not self._fresh(self._rules):
            docs = await self.db[RULES].find({}).to_list()
            self._rules = (time.monotonic(), ordered([rule_from_doc(d) for d in docs]))
        return self._rules[1]

    async def rule_docs(self) -> list[dict[str, Any]]:
        return await self.db[RULES].find({}).sort([("priority", 1), ("_id", 1)]).to_list()

    async def get_rule(self, rule_id: str) -> dict[str, Any] | None:
        return await self.db[RULES].find_one({"_id": rule_id})

    async def create_rule(self, fields: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now(UTC)
        doc = {"_id": str(uuid4()), **_stored(fields), "version": 1, "created_at": now, "updated_at": now}
        await self.db[RULES].insert_one(doc)
        self._rules = None
        return doc

    async def replace_rule(self, rule_id: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        await self.db[RULES].update_one({"_id": rule_id}, {"$set": {**_stored(fields), "updated_at": datetime.now(UTC)},
                                                           "$inc": {"version": 1}})
        self._rules = None
        return await self.get_rule(rule_id)

    async def delete_rule(self, rule_id: str) -> bool:
        result = await self.db[RULES].delete_one({"_id": rule_id})
        self._rules = None
        return bool(result.deleted_count)


def _stored(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: fields.get(k) for k in RULE_FIELDS}
    out["active"] = 0 if fields.get("active") is False else 1
    out["keywords"] = list(out.get("keywords") or [])
    out["priority"] = int(out.get("priority") or 100)
    return out
