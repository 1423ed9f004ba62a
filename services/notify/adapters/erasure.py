"""Erasure in notify's database: every document that holds a subject's phone or e-mail address.

Documents carry `subjects` (HMAC of the E.164 phone / lower-cased e-mail, shared/erasure.py) so a
request names people without sending their data. Contacts and queued SMS lose the address and
text; the delivery log keeps the outcome but not even the masked recipient; an SMS preference
keyed by the number is deleted with it.
"""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.notify.adapters.store import CONTACTS, NOTIFICATIONS, PREFERENCES, SCHEDULED, SKIPPED
from shared.mongo import Index

ERASURES = "erasures"
ERASED = "erased"


def erasure_indexes() -> list[Index]:
    return [Index(c, [("subjects", 1)], name="subjects") for c in (CONTACTS, NOTIFICATIONS, PREFERENCES)]


class ErasureStore:
    def __init__(self, db: AsyncDatabase):
        self.db = db

    async def erase(self, subjects: list[str]) -> dict[str, int]:
        match = {"subjects": {"$in": subjects}}
        queued = await self.db[NOTIFICATIONS].update_many(
            {**match, "status": SCHEDULED}, {"$set": {"status": SKIPPED, "reason": ERASED}})
        logged = await self.db[NOTIFICATIONS].update_many(
            match, {"$set": {"recipient": None, "subjects": []}, "$unset": {"to": "", "body": ""}})
        contacts = await self.db[CONTACTS].update_many(
            match, {"$set": {"phone": None, "email": None, "subjects": [], "erased": 1}})
        preferences = await self.db[PREFERENCES].delete_many(match)
        return {"contacts": contacts.modified_count, "notifications": logged.modified_count,
                "queued_cancelled": queued.modified_count, "preferences": preferences.deleted_count}

    async def record(self, doc: dict[str, Any]) -> bool:
        """One report per erasure id; False when this erasure was already reported."""
        try:
            await self.db[ERASURES].insert_one(doc)
            return True
        except DuplicateKeyError:
            return False
