"""Use case: a citizen asked to be forgotten (KVKK). Routing holds a contact only with the
citizen's department_contact consent; it is removed, personal data in the text is masked, and
`citizen.erasure_completed` is reported once per erasure id (outbox)."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from shared.contracts.envelope import envelope
from shared.contracts.intake import CitizenErasureCompleted, CitizenErasureRequested
from shared.outbox import outbox_fields


class ErasureStore(Protocol):
    async def erase_contacts(self, subjects: list[str]) -> int: ...

    async def record_erasure(self, doc: dict[str, Any]) -> bool: ...


class Eraser:
    def __init__(self, store: ErasureStore, relay, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store, self.relay, self.clock = store, relay, clock

    async def erase(self, request: CitizenErasureRequested) -> int:
        # Erasing is idempotent, so a redelivery erases again and reports (at most) once.
        count = await self.store.erase_contacts(request.subjects) if request.subjects else 0
        now = self.clock()
        report = envelope(CitizenErasureCompleted(erasure_id=request.erasure_id, service="routing",
                                                  counts={"cases": count}, completed_at=now),
                          producer="routing", correlation_id=request.erasure_id)
        doc = {"_id": request.erasure_id, "counts": {"cases": count}, "completed_at": now,
               **outbox_fields([report], now)}
        if await self.store.record_erasure(doc):
            self.relay.submit(doc)
        return count
