"""KVKK use cases: a citizen's data exported, and erased on request across every service.

Intake anonymises its own applications and publishes `citizen.erasure_requested` (HMAC subjects,
never the identifiers) through the outbox of the erasure record, in one insert; routing, notify
and events erase their copies and answer `citizen.erasure_completed`, which intake records per
service. The record, the audit entry and the log line name who asked and what was done — never
the person.
"""

import logging
from datetime import datetime
from typing import Any, Protocol

from services.intake.application.ports import AuditLog, Relay
from services.intake.domain.clock import local_iso, utcnow
from services.intake.domain.privacy import Identifiers, anonymised, export_entry
from shared.auth import Principal
from shared.contracts.envelope import envelope
from shared.contracts.intake import CitizenErasureRequested
from shared.ids import new_id
from shared.outbox import outbox_fields

log = logging.getLogger("irtibat.intake.privacy")
# Services that hold personal data and answer an erasure request (DESIGN.md, Contracts).
ERASING_SERVICES = ("routing", "notify", "events")


class PrivacyStore(Protocol):
    async def find(self, query: dict[str, Any], limit: int = 1000) -> list[dict[str, Any]]: ...
    async def anonymise(self, tracking_no: str, update: dict[str, Any]) -> bool: ...
    async def record_erasure(self, doc: dict[str, Any]) -> None: ...
    async def erasure(self, erasure_id: str) -> dict[str, Any] | None: ...
    async def reports_of(self, erasure_id: str) -> list[dict[str, Any]]: ...


class UnknownErasure(Exception):
    pass


class CitizenData:
    def __init__(self, store: PrivacyStore, audit: AuditLog, relay: Relay, secret: str, producer: str = "intake"):
        self.store, self.audit, self.relay, self.secret, self.producer = store, audit, relay, secret, producer

    async def export(self, principal: Principal, ids: Identifiers) -> dict[str, Any]:
        """Everything intake holds about this person, and the subjects an erasure would send."""
        docs = await self.store.find(ids.query())
        await self._audit(principal, "citizen_export", found=[d["_id"] for d in docs])
        return {"exported_at": local_iso(utcnow()), "identifiers": _given(ids),
                "applications": [export_entry(d) for d in docs],
                "erasure_subjects": ids.subjects(self.secret),
                "other_services": {s: "erased on request through citizen.erasure_requested" for s in ERASING_SERVICES}}

    async def erase(self, principal: Principal, ids: Identifiers, reference: str | None = None) -> dict[str, Any]:
        now = utcnow()
        erasure_id = new_id("er", 16)
        erased = []
        for doc in await self.store.find(ids.query()):
            if await self.store.anonymise(doc["_id"], anonymised(doc, now, f"erasure:{erasure_id}")):
                erased.append(doc["_id"])
        request = CitizenErasureRequested(erasure_id=erasure_id, subjects=ids.subjects(self.secret), requested_at=now)
        message = envelope(request, producer=self.producer, correlation_id=erasure_id)
        record = {"_id": erasure_id, "requested_at": now, "key_id": principal.key_id, "role": principal.role,
                  "reference": reference, "identifier_kinds": sorted(_given(ids)), "subjects_count": len(request.subjects),
                  "counts": {"applications": len(erased)}, "services": list(ERASING_SERVICES),
                  **outbox_fields([message], now)}
        await self.store.record_erasure(record)
        self.relay.submit(record)
        await self._audit(principal, "citizen_erasure", erasure_id=erasure_id, found=erased)
        log.info("erasure %s requested by %s: %d application(s) anonymised in intake", erasure_id,
                 principal.key_id, len(erased), extra={"erasure_id": erasure_id})
        return await self.status(erasure_id)

    async def status(self, erasure_id: str) -> dict[str, Any]:
        record = await self.store.erasure(erasure_id)
        if record is None:
            raise UnknownErasure(erasure_id)
        reports = {r["service"]: {"counts": r.get("counts") or {}, "completed_at": local_iso(_time(r.get("completed_at")))}
                   for r in await self.store.reports_of(erasure_id)}
        services = {"intake": {"counts": record["counts"], "completed_at": local_iso(_time(record["requested_at"]))}}
        services.update({s: reports.get(s) for s in record.get("services", ERASING_SERVICES)})
        return {"erasure_id": erasure_id, "requested_at": local_iso(_time(record["requested_at"])),
                "requested_by": record["key_id"], "reference": record.get("reference"),
                "identifier_kinds": record.get("identifier_kinds", []), "subjects_count": record.get("subjects_count", 0),
                "services": services, "complete": all(services.values())}

    async def _audit(self, principal: Principal, action: str, **what: Any) -> None:
        # Who, what, when — the identifiers themselves stay out of the audit log.
        await self.audit.record({"at": utcnow(), "key_id": principal.key_id, "role": principal.role,
                                 "action": action, **what})


def _given(ids: Identifiers) -> dict[str, str]:
    return {k: v for k, v in (("phone", ids.phone), ("email", ids.email), ("national_id", ids.national_id)) if v}


def _time(value: Any) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value
