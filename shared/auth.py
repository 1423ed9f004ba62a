"""API keys: hashing, the development keys, each service's own copy, and FastAPI dependencies.

Intake owns the keys and publishes `apikey.changed`; every other service keeps its own copy in its
own database (collection `api_keys`). Only SHA-256 hashes of the (random, high-entropy) secrets
are stored or sent.
"""

import asyncio
import hashlib
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader
from pydantic import BaseModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts.intake import ApiKeyChanged
from shared.enums import Channel, Department, Role
from shared.mongo import Index
from shared.ratelimit import RateLimiter

COLLECTION = "api_keys"
DEV_RATE_LIMIT = 100_000


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Principal(BaseModel):
    key_id: str
    role: Role
    channel: Channel | None = None
    department: str | None = None
    rate_limit_per_minute: int = 600


def dev_keys() -> list[tuple[str, Principal]]:
    """The fixed development keys of DESIGN.md (local profile only): (secret, principal)."""
    keys = [(f"dev-{c.value}", Principal(key_id=f"dev-{c.value}", role=Role.CHANNEL, channel=c)) for c in Channel]
    keys += [(f"dev-dept-{d.value}", Principal(key_id=f"dev-dept-{d.value}", role=Role.DEPARTMENT,
                                                department=d.value)) for d in Department]
    keys.append(("dev-staff", Principal(key_id="dev-staff", role=Role.STAFF)))
    keys.append(("dev-admin", Principal(key_id="dev-admin", role=Role.ADMIN)))
    for _, p in keys:
        p.rate_limit_per_minute = DEV_RATE_LIMIT
    return keys


DEV_KEY_HASHES = frozenset(hash_key(secret) for secret, _ in dev_keys())


def key_indexes() -> list[Index]:
    return [Index(COLLECTION, [("key_hash", 1)], unique=True, name="key_hash_unique")]


class KeyStore:
    """A service's copy of the keys, read through a short cache so revocation spreads within
    `cache_s` seconds to every copy of the service."""

    def __init__(self, db: AsyncDatabase, cache_s: float = 1.0):
        self.db = db
        self.cache_s = cache_s
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._loading: dict[str, asyncio.Future] = {}

    async def lookup(self, secret: str) -> Principal | None:
        digest = hash_key(secret)
        hit = self._cache.get(digest)
        if hit and time.monotonic() - hit[0] < self.cache_s:
            return hit[1]
        # One read per key however many requests miss the cache at once.
        pending = self._loading.get(digest)
        if pending is not None:
            return await asyncio.shield(pending)
        future = self._loading[digest] = asyncio.get_running_loop().create_future()
        try:
            principal = await self._load(digest)
            future.set_result(principal)
            return principal
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        finally:
            del self._loading[digest]

    async def _load(self, digest: str) -> Principal | None:
        now = time.monotonic()
        doc = await self.db[COLLECTION].find_one({"key_hash": digest})
        principal = None
        if doc and not doc.get("revoked"):
            principal = Principal.model_validate(doc)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now, principal)
        return principal

    def forget(self) -> None:
        self._cache.clear()

    async def apply_change(self, change: ApiKeyChanged) -> bool:
        """Apply a key change if it is newer than the copy held; True when applied."""
        fields = change.model_dump(mode="json")
        fields["revoked"] = 1 if change.revoked else 0
        fields["updated_at"] = datetime.now(UTC)
        result = await self.db[COLLECTION].update_one(
            {"_id": change.key_id, "version": {"$lt": change.version}}, {"$set": fields})
        if result.matched_count:
            self.forget()
            return True
        try:
            await self.db[COLLECTION].insert_one({"_id": change.key_id, **fields})
        except DuplicateKeyError:
            return False  # held version is the same or newer
        self.forget()
        return True

    async def seed_dev_keys(self) -> None:
        for secret, principal in dev_keys():
            change = ApiKeyChanged(key_id=principal.key_id, key_hash=hash_key(secret), role=principal.role,
                                   channel=principal.channel, department=principal.department,
                                   rate_limit_per_minute=principal.rate_limit_per_minute, version=1)
            await self.apply_change(change)

    async def holds_dev_keys(self) -> bool:
        return await self.db[COLLECTION].count_documents(
            {"key_hash": {"$in": sorted(DEV_KEY_HASHES)}, "revoked": {"$ne": 1}}) > 0


api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="Channel, department, staff or admin key")
_limiter = RateLimiter(per_minute=600)


def problem(status: int, detail: Any, headers: dict[str, str] | None = None) -> HTTPException:
    return HTTPException(status_code=status, detail=detail, headers=headers)


async def authenticate(request: Request, secret: str | None) -> Principal:
    if not secret:
        raise problem(401, "missing API key: send it in the X-API-Key header", {"WWW-Authenticate": "ApiKey"})
    store: KeyStore = request.app.state.keys
    principal = await store.lookup(secret)
    if principal is None:
        raise problem(401, "unknown or revoked API key", {"WWW-Authenticate": "ApiKey"})
    wait = _limiter.hit(principal.key_id, per_minute=principal.rate_limit_per_minute)
    if wait:
        raise problem(429, "rate limit exceeded for this key", {"Retry-After": str(math.ceil(wait))})
    return principal


def require(*roles: Role) -> Callable[..., Any]:
    """Dependency: a valid key with one of these roles (any role when none are given)."""

    async def dependency(request: Request, secret: Annotated[str | None, Depends(api_key_header)]) -> Principal:
        principal = await authenticate(request, secret)
        if roles and principal.role not in roles:
            raise problem(403, f"this key's role ({principal.role}) may not do this")
        return principal

    return dependency
