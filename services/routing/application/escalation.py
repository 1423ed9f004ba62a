"""Use case: escalate cases whose SLA deadline passed.

Each breach is claimed with a conditional update on (`case_version`, `escalation_level`), so it
fires once however many routing copies scan at the same time; the claim carries `case.escalated`
and a work item for the supervisor's queue in its outbox. A case still open `repeat` after an
escalation comes due again at the next level.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.propagate import extract

from services.routing.application import messages
from services.routing.application.case_doc import NEVER, history_entry, next_escalation
from services.routing.application.ports import CaseStore, Doc, Relay
from services.routing.domain.access import SYSTEM
from services.routing.domain.lifecycle import history_key
from shared.enums import Department, WorkItemReason
from shared.metrics import instruments
from shared.outbox import merge_update, outbox_update


log = logging.getLogger("irtibat.routing.sla")
tracer = trace.get_tracer("irtibat.routing.sla")
SUPERVISOR = Department.TRIAGE.value


class Escalator:
    def __init__(self, cases: CaseStore, relay: Relay, *, repeat_s: float = 86400.0, batch: int = 200,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.cases, self.relay, self.repeat_s, self.batch, self.clock = cases, relay, repeat_s, batch, clock
        self.fired = 0

    async def run_once(self, now: datetime | None = None) -> int:
        """Escalate every case due by `now`; returns how many breaches this copy claimed."""
        now = now or self.clock()
        claimed = 0
        for case in await self.cases.due_for_escalation(now, self.batch):
            try:
                if await self._escalate(case, now):
                    claimed += 1
            except Exception:  # noqa: BLE001 - one odd case must not starve the others
                log.exception("escalating case %s failed; the next scan tries again", case["_id"])
        self.fired += claimed
        return claimed

    async def _escalate(self, case: Doc, now: datetime) -> bool:
        # Scheduled work is a new trace, linked to the application's own trace.
        parent = trace.get_current_span(extract(case.get("trace_context") or {})).get_span_context()
        links = [trace.Link(parent)] if parent.is_valid else []
        with tracer.start_as_current_span("routing.escalate", context=Context(), links=links,
                                          attributes={"irtibat.tracking_no": case["_id"]}):
            level = int(case.get("escalation_level") or 0) + 1
            version = case["case_version"] + 1
            repeat = now + timedelta(seconds=self.repeat_s) if self.repeat_s > 0 else NEVER
            view = {**case, "case_version": version, "updated_at": now, "escalation_level": level}
            out = [messages.escalated(view, escalated_to=SUPERVISOR, level=level),
                   messages.work_item(view, reason=WorkItemReason.ESCALATED, to=SUPERVISOR)]
            update = merge_update({
                "$set": {"escalation_level": level, "escalated_at": now, "escalated_to": SUPERVISOR,
                         **next_escalation(repeat), "updated_at": now,
                         f"history.{history_key(version)}": history_entry(
                             version, event="escalated", status=case["status"], department=case["department"],
                             at=now, actor=SYSTEM, level=level, due_at=case["due_at"])},
                "$inc": {"case_version": 1}}, outbox_update(out, now))
            updated = await self.cases.update_at_version(
                case["_id"], case["case_version"], update, {"escalation_level": case.get("escalation_level", 0)})
            if updated is None:
                return False  # another copy claimed it, or the case changed: the next scan looks again
            self.relay.submit(updated)
            instruments().escalations.add(1, {"department": case["department"]})
            log.info("escalated case %s to level %d", case["_id"], level, extra={"tracking_no": case["_id"]})
            return True
