"""The processed-message guard: a redelivered message has no second effect.

A consumer claims (consumer, message_id) under a unique index before or with its effect; a
second claim fails. Use it for handlers whose effect has no natural unique key of its own.
"""

from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.mongo import Index

COLLECTION = "processed_messages"
# Idempotency is kept at least 24 h (DESIGN.md); a week leaves room for long outages.
RETENTION_S = 7 * 24 * 3600


def guard_indexes() -> list[Index]:
    return [
        Index(COLLECTION, [("consumer", 1), ("message_id", 1)], unique=True, name="consumer_message"),
        Index(COLLECTION, [("processed_at", 1)], expire_after_seconds=RETENTION_S, name="processed_ttl"),
    ]


async def claim(db: AsyncDatabase, consumer: str, message_id: str) -> bool:
    """True the first time (consumer, message_id) is seen; False on every redelivery."""
    try:
        await db[COLLECTION].insert_one(
            {"_id": f"{consumer}:{message_id}", "consumer": consumer, "message_id": message_id,
             "processed_at": datetime.now(UTC)}
        )
        return True
    except DuplicateKeyError:
        return False


async def release(db: AsyncDatabase, consumer: str, message_id: str) -> None:
    """Undo a claim whose effect failed, so the retry can run it."""
    await db[COLLECTION].delete_one({"_id": f"{consumer}:{message_id}"})
