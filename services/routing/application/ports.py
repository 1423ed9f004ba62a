"""What the use cases need from storage and the outbox relay."""

from datetime import datetime
from typing import Any, Protocol

from services.routing.domain.catalogue import Catalogue
from services.routing.domain.rules import Rule

Doc = dict[str, Any]


class CaseStore(Protocol):
    async def insert(self, doc: Doc) -> bool:
        """False when a case with this id exists already (the application was processed)."""

    async def get(self, tracking_no: str) -> Doc | None: ...

    async def get_many(self, tracking_nos: list[str]) -> list[Doc]: ...

    async def update_at_version(self, tracking_no: str, version: int, update: Doc,
                                extra_filter: Doc | None = None) -> Doc | None:
        """Apply `update` only if the case is still at `version`; the updated case, else None."""

    async def link_duplicate(self, master_no: str, linked_no: str, linked_version: int) -> str:
        """'linked', 'already' (idempotent replay) or 'closed' (master no longer open)."""

    async def geo_candidates(self, cells: list[str], since_ts: float) -> list[Doc]:
        """Open cases in these grid cells registered since `since_ts` (epoch seconds)."""

    async def text_candidates(self, keys: list[str], since_ts: float) -> list[Doc]:
        """Open cases sharing a MinHash text key (the i-th key against the i-th field)."""

    async def due_for_escalation(self, now: datetime, limit: int) -> list[Doc]: ...

    async def list(self, query: Doc, *, skip: int, limit: int) -> tuple[list[Doc], int]: ...


class ConfigSource(Protocol):
    async def catalogue(self) -> Catalogue: ...

    async def rules(self) -> list[Rule]: ...


class Corrections(Protocol):
    async def record(self, doc: Doc) -> None: ...


class Relay(Protocol):
    def submit(self, doc: Doc) -> None: ...
