"""Use cases of API key administration. Only SHA-256 hashes are stored; the secret is shown once.

Each change is one write of the key document with its `apikey.changed` message (outbox). The
document lives in intake's own key collection, so intake's authentication follows at once.
"""

import secrets
from typing import Any

from services.intake.application.ports import DuplicateKey, KeyAdminStore, Relay
from services.intake.domain.clock import utcnow
from shared.auth import KeyStore, hash_key
from shared.contracts.envelope import envelope
from shared.contracts.intake import ApiKeyChanged
from shared.enums import Channel, Department, Role
from shared.ids import new_id
from shared.outbox import merge_update, outbox_fields, outbox_update


BOOTSTRAP_ADMIN = "bootstrap-admin"


class KeyNotFound(Exception):
    pass


class InvalidKeyRequest(Exception):
    pass


def new_secret() -> str:
    return "irt_" + secrets.token_urlsafe(32)


def check_scope(role: Role, channel: str | None, department: str | None) -> None:
    if role == Role.CHANNEL and channel not in {c.value for c in Channel}:
        raise InvalidKeyRequest(f"a channel key needs channel, one of: {', '.join(c.value for c in Channel)}")
    if role == Role.DEPARTMENT and department not in {d.value for d in Department}:
        raise InvalidKeyRequest(f"a department key needs department, one of: {', '.join(d.value for d in Department)}")
    if role != Role.CHANNEL and channel:
        raise InvalidKeyRequest("only a channel key has a channel")
    if role != Role.DEPARTMENT and department:
        raise InvalidKeyRequest("only a department key has a department")


class KeyAdmin:
    def __init__(self, store: KeyAdminStore, relay: Relay, keystore: KeyStore, producer: str = "intake"):
        self.store = store
        self.relay = relay
        self.keystore = keystore
        self.producer = producer

    async def create(self, role: Role, *, channel: str | None = None, department: str | None = None,
                     label: str | None = None, rate_limit_per_minute: int = 600) -> tuple[dict[str, Any], str]:
        check_scope(role, channel, department)
        secret = new_secret()
        change = ApiKeyChanged(key_id=new_id("key"), key_hash=hash_key(secret), role=role,
                               channel=channel, department=department, revoked=False,
                               rate_limit_per_minute=rate_limit_per_minute, version=1,
                               extra={"label": label} if label else {})
        now = utcnow()
        doc = {"_id": change.key_id, **_fields(change), "created_at": now, "updated_at": now,
               **outbox_fields([self._message(change)], now)}
        await self.store.insert(doc)
        self._after(doc)
        return doc, secret

    async def ensure_bootstrap_admin(self, key_hash: str) -> bool:
        """Production's first admin key, given as a hash in the environment; True when created now."""
        if await self.store.get(BOOTSTRAP_ADMIN) is not None:
            return False
        change = ApiKeyChanged(key_id=BOOTSTRAP_ADMIN, key_hash=key_hash, role=Role.ADMIN, version=1,
                               extra={"label": "bootstrap admin (BOOTSTRAP_ADMIN_KEY_HASH)"})
        now = utcnow()
        doc = {"_id": BOOTSTRAP_ADMIN, **_fields(change), "created_at": now, "updated_at": now,
               **outbox_fields([self._message(change)], now)}
        try:
            await self.store.insert(doc)
        except DuplicateKey:
            return False  # another copy created it
        self._after(doc)
        return True

    async def rotate(self, key_id: str) -> tuple[dict[str, Any], str]:
        secret = new_secret()
        doc = await self._change(key_id, {"key_hash": hash_key(secret)})
        return doc, secret

    async def revoke(self, key_id: str) -> dict[str, Any]:
        return await self._change(key_id, {"revoked": True})

    async def list(self) -> list[dict[str, Any]]:
        return await self.store.list()

    async def _change(self, key_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        for _ in range(5):
            current = await self.store.get(key_id)
            if current is None:
                raise KeyNotFound(key_id)
            version = int(current.get("version", 1))
            merged = {**ApiKeyChanged.model_validate(current).model_dump(), **changes, "version": version + 1}
            change = ApiKeyChanged.model_validate(merged)
            now = utcnow()
            update = merge_update({"$set": {**_fields(change), "updated_at": now}},
                                  outbox_update([self._message(change)], now))
            doc = await self.store.update_if_version(key_id, version, update)
            if doc is not None:
                self._after(doc)
                return doc
        raise RuntimeError("the key changed concurrently; try again")

    def _after(self, doc: dict[str, Any]) -> None:
        self.keystore.forget()
        self.relay.submit(doc)

    def _message(self, change: ApiKeyChanged):
        return envelope(change, producer=self.producer, correlation_id=change.key_id)


def _fields(change: ApiKeyChanged) -> dict[str, Any]:
    fields = change.model_dump(mode="json")
    fields["revoked"] = 1 if change.revoked else 0  # flags updated with $set are kept as ints
    return fields
