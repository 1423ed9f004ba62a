"""Personal data: erasure on request (`citizen.erasure_requested`) and anonymisation once the
retention period after a session has passed (KVKK). Anonymised registrations keep what the
figures need (status, check-in, event, session) and lose every personal field."""

from datetime import datetime
from typing import Any

from services.events.application.ports import Ports
from services.events.domain.timeutil import ts
from shared.contracts.envelope import envelope
from shared.contracts.intake import CitizenErasureCompleted, CitizenErasureRequested
from shared.outbox import outbox_fields

ERASED_NAME = "[silindi]"


def anonymised(registration_id: str, now: datetime) -> dict[str, Any]:
    """The update that removes personal data; the participant key (a phone or a child's name)
    becomes an opaque one that still satisfies the unique index."""
    return {"$set": {
        "name": ERASED_NAME, "phone": None, "email": None, "guardian_name": None, "guardian_phone": None,
        "birth_date": None, "contact": {"name": None, "phone": None, "email": None}, "subjects": [],
        "participant_key": f"erased:{registration_id}", "erased": 1, "erased_ts": ts(now)}}


async def erase(ports: Ports, request: CitizenErasureRequested, now: datetime) -> int:
    """Anonymise every registration of these subjects and report with `citizen.erasure_completed`
    (once per erasure id: the report document's id is the erasure id)."""
    erased = 0
    for doc in await ports.registrations.with_subjects(request.subjects):
        erased += await ports.registrations.anonymise(doc["_id"], anonymised(doc["_id"], now))
    report = CitizenErasureCompleted(erasure_id=request.erasure_id, service="events",
                                     counts={"registrations": erased}, completed_at=now)
    msg = envelope(report, producer="events", correlation_id=request.erasure_id)
    doc = {"_id": request.erasure_id, "counts": report.counts, "completed_ts": ts(now), **outbox_fields([msg])}
    if await ports.registrations.record_erasure(doc):
        ports.publish_erasure(doc)
    return erased


async def apply_retention(ports: Ports, now: datetime, retention_s: float) -> int:
    """Anonymise registrations whose session ended more than `retention_s` ago."""
    erased = 0
    for doc in await ports.registrations.past_retention(ts(now) - retention_s):
        erased += await ports.registrations.anonymise(doc["_id"], anonymised(doc["_id"], now))
    return erased
