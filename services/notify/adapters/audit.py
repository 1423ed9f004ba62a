"""Notify's audit log: staff and admin reads and changes of a citizen's data (the SMS preference of
a number, the delivery log of an application) — who, what, when. The number itself is not
written: its erasure subject (HMAC, shared/erasure.py) names it for whoever holds the secret."""

from datetime import UTC, datetime
from uuid import uuid4

from pymongo.asynchronous.database import AsyncDatabase

from shared.auth import Principal
from shared.erasure import subject

AUDIT = "audit_log"


class MongoAudit:
    def __init__(self, db: AsyncDatabase, secret: str):
        self.col, self.secret = db[AUDIT], secret

    async def record(self, principal: Principal, action: str, *, phone: str | None = None,
                     correlation_id: str | None = None) -> None:
        entry = {"_id": str(uuid4()), "at": datetime.now(UTC), "key_id": principal.key_id, "role": principal.role,
                 "action": action}
        if phone:
            entry["subject"] = subject(self.secret, phone)
        if correlation_id:
            entry["correlation_id"] = correlation_id
        await self.col.insert_one(entry)
