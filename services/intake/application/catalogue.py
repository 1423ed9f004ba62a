"""Use cases of the service catalogue: read it (cached), seed it once, and let admins edit it.

Every change publishes the whole catalogue with its new version (`catalogue.changed`) in the same
single-document write that changes it.
"""

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from services.intake.application.ports import CatalogueStore, Relay
from services.intake.domain.catalogue import check_definition
from services.intake.domain.clock import utcnow
from shared.contracts.envelope import envelope
from shared.contracts.intake import CatalogueChanged, CatalogueService
from shared.outbox import merge_update, outbox_fields, outbox_update

DEFAULT_SEED = Path(__file__).resolve().parents[1] / "data" / "catalogue.json"


class CatalogueConflict(Exception):
    """Someone else changed the catalogue at the same moment, again and again."""


class InvalidService(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load_seed(path: Path | str = DEFAULT_SEED) -> list[CatalogueService]:
    return [CatalogueService.model_validate(s) for s in json.loads(Path(path).read_text(encoding="utf-8"))]


class Catalogue:
    def __init__(self, store: CatalogueStore, relay: Relay, seed: Callable[[], list[CatalogueService]] = load_seed,
                 cache_s: float = 2.0, producer: str = "intake"):
        self.store = store
        self.relay = relay
        self.seed = seed
        self.cache_s = cache_s
        self.producer = producer
        self._cached: tuple[float, int, dict[str, CatalogueService]] | None = None
        self._loading = asyncio.Lock()

    async def snapshot(self) -> tuple[int, dict[str, CatalogueService]]:
        cached = self._fresh()
        if cached:
            return cached
        # One reload per expiry, not one per request in flight.
        async with self._loading:
            return self._fresh() or await self._reload()

    def _fresh(self) -> tuple[int, dict[str, CatalogueService]] | None:
        if self._cached and time.monotonic() - self._cached[0] < self.cache_s:
            return self._cached[1], self._cached[2]
        return None

    async def _reload(self) -> tuple[int, dict[str, CatalogueService]]:
        doc = await self.store.load()
        if doc is None:
            await self.seed_if_empty()
            doc = await self.store.load()
        version = int((doc or {}).get("version", 0))
        if self._cached and self._cached[1] == version:
            services = self._cached[2]  # unchanged: keep the parsed models
        else:
            services = {code: CatalogueService.model_validate(s) for code, s in (doc or {}).get("services", {}).items()}
        self._cached = (time.monotonic(), version, services)
        return version, services

    async def service(self, code: str) -> CatalogueService | None:
        return (await self.snapshot())[1].get(code)

    async def active(self) -> list[CatalogueService]:
        return sorted((s for s in (await self.snapshot())[1].values() if s.active), key=lambda s: (s.group, s.code))

    async def seed_if_empty(self) -> bool:
        """On first start, store the seed file as version 1 and announce it. True when seeded here."""
        if await self.store.load() is not None:
            return False
        services = {s.code: s for s in self.seed()}
        now = utcnow()
        message = self._changed(1, services)
        doc = {"version": 1, "services": _dump(services), "updated_at": now, **outbox_fields([message], now)}
        if await self.store.create(doc):
            self.relay.submit({"_id": "catalogue", **doc})
            self._cached = None
            return True
        return False

    async def put_service(self, service: CatalogueService) -> int:
        problems = check_definition(service)
        if problems:
            raise InvalidService(problems)
        return await self._change(lambda services: {**services, service.code: service})

    async def deactivate(self, code: str) -> int | None:
        """None when the code does not exist."""
        if (await self._current())[1].get(code) is None:
            return None
        return await self._change(
            lambda services: {**services, code: services[code].model_copy(update={"active": False})})

    async def _current(self) -> tuple[int, dict[str, CatalogueService]]:
        async with self._loading:
            return await self._reload()

    async def _change(self, change: Callable[[dict[str, CatalogueService]], dict[str, CatalogueService]]) -> int:
        for _ in range(5):
            version, services = await self._current()
            services = change(services)
            now = utcnow()
            update = merge_update({"$set": {"services": _dump(services), "version": version + 1, "updated_at": now}},
                                  outbox_update([self._changed(version + 1, services)], now))
            doc = await self.store.update_if_version(version, update)
            if doc is not None:
                self.relay.submit(doc)
                self._cached = None
                return version + 1
        raise CatalogueConflict("the catalogue changed concurrently; try again")

    def _changed(self, version: int, services: dict[str, CatalogueService]):
        payload = CatalogueChanged(version=version, services=sorted(services.values(), key=lambda s: s.code),
                                   changed_at=utcnow())
        return envelope(payload, producer=self.producer, correlation_id=f"catalogue-{version}")


def _dump(services: dict[str, CatalogueService]) -> dict[str, Any]:
    return {code: s.model_dump(mode="json") for code, s in services.items()}
