"""Use case: an application was registered → open its case (or link it to an open duplicate).

One insert carries the case, its history and its outgoing messages (work item(s) and
`case.routed`); the relay then publishes them and marks them sent. A redelivered application
hits the unique `_id` (the tracking number) and emits nothing a second time.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from opentelemetry import trace

from services.routing.application import messages, notes
from services.routing.application.case_doc import linked, new_case, opened
from services.routing.application.ports import CaseStore, ConfigSource, Doc, Relay
from services.routing.domain import duplicates as dup
from services.routing.domain.access import SYSTEM
from services.routing.domain.decision import ClassifierLike, Decision, EmergencyDetector, decide
from services.routing.domain.lifecycle import TERMINAL
from services.routing.domain.sla import due_at, policy_for
from shared.contracts.intake import RequestRegistered
from shared.enums import Department, Kind, WorkItemReason
from shared.metrics import instruments
from shared.outbox import current_trace_context, outbox_fields

TRIAGE = Department.TRIAGE.value


log = logging.getLogger("irtibat.routing.opening")


def observe_routed(doc: Doc, now: datetime) -> None:
    """Metrics, span attributes and a log line for ops — department and path, never contents."""
    labels = {"department": doc["department"], "path": doc["path"]}
    instruments().routing_decisions.add(1, labels)
    instruments().time_to_department.record(max(0.0, (now - doc["registered_at"]).total_seconds()), labels)
    span = trace.get_current_span()
    span.set_attribute("irtibat.tracking_no", doc["_id"])
    span.set_attribute("irtibat.department", doc["department"])
    log.info("routed %s to %s by %s", doc["_id"], doc["department"], doc["path"],
             extra={"tracking_no": doc["_id"], **labels})


class Outcome(StrEnum):
    OPENED = "opened"
    LINKED = "linked"
    ALREADY = "already_processed"


@dataclass(frozen=True)
class DuplicatePolicy:
    radius_m: float = 150.0
    window_days: float = 7.0
    text_similarity: float = 0.7


class RequestRouter:
    def __init__(self, cases: CaseStore, config: ConfigSource, classifier: Callable[[], ClassifierLike],
                 detect_emergency: EmergencyDetector, relay: Relay, *, duplicates: DuplicatePolicy | None = None,
                 close_linked: Callable | None = None, subject: Callable[[str], str] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.cases, self.config, self.relay = cases, config, relay
        self.classifier, self.detect_emergency = classifier, detect_emergency
        self.duplicates = duplicates or DuplicatePolicy()
        self.close_linked = close_linked
        self.subject = subject
        self.clock = clock

    async def decide(self, text: str, *, service_code: str | None, district: str | None,
                     kind: str | None) -> Decision:
        return decide(text, service_code=service_code, district=district, kind=kind,
                      catalogue=await self.config.catalogue(), rules=await self.config.rules(),
                      classifier=self.classifier(), detect_emergency=self.detect_emergency)

    async def route(self, req: RequestRegistered, *, message_id: str | None = None) -> tuple[Outcome, Doc]:
        catalogue = await self.config.catalogue()
        decision = await self.decide(req.text, service_code=req.service_code, district=req.location.district,
                                     kind=str(req.kind))
        now = self.clock()
        policy = policy_for(str(req.kind), catalogue.sla_for(req.service_code))
        doc = new_case(req, decision, policy=policy, due=due_at(req.registered_at, policy), now=now,
                       trace_context=current_trace_context(), radius_m=self.duplicates.radius_m,
                       subject=self.subject)
        master = None if decision.urgent else await self._find_master(doc)
        if master is not None:
            result = await self._link(doc, master, message_id)
            if result is not None:
                return result
        return await self._open(doc, decision, message_id)

    async def _open(self, doc: Doc, decision: Decision, message_id: str | None) -> tuple[Outcome, Doc]:
        opened(doc, SYSTEM, notes.URGENT if decision.urgent else None)
        out = [messages.work_item(doc, reason=WorkItemReason.NEW, to=doc["department"], causation_id=message_id)]
        if decision.urgent and doc["department"] != TRIAGE:
            out.append(messages.work_item(doc, reason=WorkItemReason.NEW, to=TRIAGE, causation_id=message_id))
        out.append(messages.routed(doc, causation_id=message_id))
        doc.update(outbox_fields(out, doc["opened_at"]))
        if not await self.cases.insert(doc):
            return Outcome.ALREADY, doc
        self.relay.submit(doc)
        observe_routed(doc, self.clock())
        return Outcome.OPENED, doc

    async def _link(self, doc: Doc, master: Doc, message_id: str | None) -> tuple[Outcome, Doc] | None:
        # Only here is a read worth its cost: a redelivery must not link (and count) twice.
        if await self.cases.get(doc["_id"]) is not None:
            return Outcome.ALREADY, doc
        if await self.cases.link_duplicate(master["_id"], doc["_id"], 1) == "closed":
            return None  # the master closed meanwhile: this is new work after all
        note = notes.duplicate(master["_id"])
        linked(doc, master, SYSTEM, note)
        doc.update(outbox_fields([messages.status_changed(doc, public_note=note, actor_role=None,
                                                          causation_id=message_id)], doc["opened_at"]))
        if not await self.cases.insert(doc):
            return Outcome.ALREADY, doc
        self.relay.submit(doc)
        # The master may have closed between the link and this insert: then follow it at once.
        current = await self.cases.get(master["_id"])
        if current is not None and current["status"] in TERMINAL and self.close_linked is not None:
            await self.close_linked(doc["_id"], current)
        return Outcome.LINKED, doc

    async def _find_master(self, doc: Doc) -> Doc | None:
        if doc["kind"] == Kind.THANKS:
            return None
        policy = self.duplicates
        since = (doc["registered_at"] - timedelta(days=policy.window_days)).timestamp()
        geo, text = await asyncio.gather(self._near(doc, since), self._similar(doc, since))
        return dup.pick_master([c for c in geo + text if c["_id"] != doc["_id"]])

    async def _near(self, doc: Doc, since: float) -> list[Doc]:
        if not doc["dup_cell"]:
            return []
        radius = self.duplicates.radius_m
        cells = dup.cells_around(doc["service_code"], doc["lat"], doc["lon"], radius)
        return [c for c in await self.cases.geo_candidates(cells, since) if dup.near(doc["lat"], doc["lon"], c, radius)]

    async def _similar(self, doc: Doc, since: float) -> list[Doc]:
        if not doc["dup_t1"]:
            return []
        candidates = await self.cases.text_candidates([doc["dup_t1"], doc["dup_t2"]], since)
        return [c for c in candidates if dup.similar(doc["tokens"], c, self.duplicates.text_similarity)]
