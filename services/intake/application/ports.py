"""What the use cases need from storage and messaging, as small protocols."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class DuplicateKey(Exception):
    """An insert collided with a unique key (the idempotency key, or an id)."""


@dataclass
class RequestFilter:
    """Open311 `GET requests`: the filters a client may combine."""

    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # open / closed
    start: datetime | None = None
    end: datetime | None = None
    skip: int = 0
    limit: int = 100


class ApplicationStore(Protocol):
    async def insert(self, doc: dict[str, Any]) -> None: ...
    async def by_idempotency_key(self, key: str) -> dict[str, Any] | None: ...
    async def get(self, tracking_no: str) -> dict[str, Any] | None: ...
    async def exists(self, tracking_no: str) -> bool: ...
    async def apply_if_newer(self, tracking_no: str, version: int, fields: dict[str, Any]) -> bool: ...
    async def add_timeline_entry(self, tracking_no: str, key: str, entry: dict[str, Any]) -> None: ...
    async def search(self, flt: RequestFilter) -> list[dict[str, Any]]: ...


class Counters(Protocol):
    async def reserve(self, counter_id: str, size: int) -> int:
        """Add `size` to the counter atomically and return its new value."""
        ...


class CatalogueStore(Protocol):
    async def load(self) -> dict[str, Any] | None: ...
    async def create(self, doc: dict[str, Any]) -> bool: ...
    async def update_if_version(self, version: int, update: dict[str, Any]) -> dict[str, Any] | None: ...


class KeyAdminStore(Protocol):
    async def insert(self, doc: dict[str, Any]) -> None: ...
    async def get(self, key_id: str) -> dict[str, Any] | None: ...
    async def update_if_version(self, key_id: str, version: int, update: dict[str, Any]) -> dict[str, Any] | None: ...
    async def list(self) -> list[dict[str, Any]]: ...


class AuditLog(Protocol):
    async def record(self, entry: dict[str, Any]) -> None: ...


class Relay(Protocol):
    def submit(self, doc: dict[str, Any]) -> None: ...
