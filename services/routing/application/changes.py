"""Use case: change a case (a department's transition over HTTP or AMQP, or the system following
a master case). Every change is one conditional update on `case_version` that also records the
history entry, the idempotency key and the outgoing messages (outbox)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.routing.application import messages, notes
from services.routing.application.case_doc import NEVER, NOT_MATCHABLE, history_entry, next_escalation
from services.routing.application.ports import CaseStore, Corrections, Doc, Relay
from services.routing.domain.access import SYSTEM, Actor, may_change, may_read
from services.routing.domain.catalogue import DEPARTMENT_CODES
from services.routing.domain.lifecycle import TERMINAL, check_transition, history_key, is_open
from shared.enums import CaseStatus, WorkItemReason
from shared.outbox import merge_update, outbox_update
from shared.pii import redact

ATTEMPTS = 5


class CaseNotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


class Conflict(RuntimeError):
    """The case changed meanwhile (the caller's `case_version` is stale)."""


class InvalidChange(ValueError):
    """The change names something that does not exist or cannot be (caller's fault)."""


@dataclass(frozen=True)
class Change:
    to: CaseStatus
    note: str | None = None  # public: the citizen reads it (personal data redacted)
    internal_note: str | None = None
    department: str | None = None
    master_tracking_no: str | None = None
    idempotency_key: str | None = None
    expected_version: int | None = None
    causation_id: str | None = None


def command_key(key: str | None) -> str | None:
    """A map key for an idempotency key (no dots or dollars reach the field path)."""
    return hashlib.sha256(key.encode()).hexdigest()[:32] if key else None


class CaseUpdater:
    def __init__(self, cases: CaseStore, corrections: Corrections, relay: Relay,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.cases, self.corrections, self.relay, self.clock = cases, corrections, relay, clock

    async def read(self, tracking_no: str, actor: Actor) -> Doc:
        case = await self.cases.get(tracking_no)
        if case is None:
            raise CaseNotFound(f"no case {tracking_no}")
        if not may_read(actor, case["department"]):
            raise Forbidden(f"case {tracking_no} belongs to another department")
        return case

    async def apply(self, tracking_no: str, change: Change, actor: Actor) -> Doc:
        key = command_key(change.idempotency_key)
        for _ in range(ATTEMPTS):
            case = await self.cases.get(tracking_no)
            if case is None:
                raise CaseNotFound(f"no case {tracking_no}")
            if not may_change(actor, case["department"], change.to):
                raise Forbidden(f"case {tracking_no} belongs to {case['department']}; "
                                f"this key may not move it to {change.to}")
            if key and key in (case.get("commands") or {}):
                return case  # the same command again: already applied
            if change.expected_version is not None and change.expected_version != case["case_version"]:
                raise Conflict(f"case {tracking_no} is at version {case['case_version']}, "
                               f"not {change.expected_version}")
            check_transition(case["status"], change.to)
            updated = await self._try(case, change, actor, key)
            if updated is not None:
                return updated
        raise Conflict(f"case {tracking_no} kept changing; read it again and retry")

    async def _try(self, case: Doc, change: Change, actor: Actor, key: str | None) -> Doc | None:
        now, to, version = self.clock(), CaseStatus(change.to), case["case_version"] + 1
        view: dict[str, Any] = {**case, "status": to.value, "case_version": version, "updated_at": now}
        sets: dict[str, Any] = {"status": to.value, "updated_at": now}
        if to == CaseStatus.REASSIGNED:
            target = change.department
            if target not in DEPARTMENT_CODES or target == case["department"]:
                raise InvalidChange(f"reassignment needs another valid department, not {target!r}")
            sets["department"] = view["department"] = target
        master = None
        if to == CaseStatus.DUPLICATE:
            master = await self._master_for(case, change.master_tracking_no)
            sets["master_tracking_no"] = view["master_tracking_no"] = master["_id"]
        if not is_open(to):
            sets.update(open=0, **next_escalation(NEVER), **NOT_MATCHABLE)
        public = redact(change.note) if change.note else None
        if to == CaseStatus.DUPLICATE and public is None:
            public = notes.duplicate(master["_id"])
        sets[f"history.{history_key(version)}"] = history_entry(
            version, event="transition", status=to.value, department=view["department"], at=now, actor=actor,
            note=public, internal_note=redact(change.internal_note) if change.internal_note else None,
            from_status=case["status"], from_department=case["department"], master_tracking_no=view.get(
                "master_tracking_no") or None)
        if key:
            sets[f"commands.{key}"] = version
        out = [messages.status_changed(view, public_note=public, actor_role=str(actor.role),
                                       causation_id=change.causation_id)]
        if to == CaseStatus.REASSIGNED:
            out.append(messages.work_item(view, reason=WorkItemReason.REASSIGNED, to=view["department"],
                                          causation_id=change.causation_id))
        followers, extra = [], None
        if to in TERMINAL and case.get("links"):
            followers = await self._followers(case)
            # A link added after this read would miss the news: the count pins it.
            extra = {"duplicates_count": case.get("duplicates_count", 0)}
            out += [messages.status_changed(
                {**f, "status": to.value, "case_version": f["case_version"] + 1, "updated_at": now},
                public_note=notes.master_closed(case["_id"], to.value, public), actor_role=str(actor.role),
                causation_id=change.causation_id) for f in followers]
        update = merge_update({"$set": sets, "$inc": {"case_version": 1}}, outbox_update(out, now))
        updated = await self.cases.update_at_version(case["_id"], case["case_version"], update, extra)
        if updated is None:
            return None
        self.relay.submit(updated)
        if to == CaseStatus.REASSIGNED:
            await self.corrections.record(_correction(case, view["department"], actor, now, version))
        for follower in followers:
            await self._mirror(follower, to.value, now, case["_id"])
        if master is not None and await self.cases.link_duplicate(master["_id"], case["_id"], version) == "closed":
            current = await self.cases.get(master["_id"])
            if current is not None and current["status"] in TERMINAL:
                await self.close_linked(case["_id"], current)
        return updated

    async def _master_for(self, case: Doc, master_no: str | None) -> Doc:
        if case.get("duplicates_count"):
            raise InvalidChange("this case has duplicates linked to it; resolve or reject it instead")
        if not master_no or master_no == case["_id"]:
            raise InvalidChange("a duplicate needs master_tracking_no naming another case")
        master = await self.cases.get(master_no)
        if master is None:
            raise InvalidChange(f"no master case {master_no}")
        if not is_open(master["status"]):
            raise InvalidChange(f"master case {master_no} is {master['status']}; link only to an open case")
        return master

    async def _followers(self, master: Doc) -> list[Doc]:
        docs = await self.cases.get_many(sorted(master.get("links") or {}))
        return [d for d in docs if d["status"] == CaseStatus.DUPLICATE and d.get("master_tracking_no") == master["_id"]]

    async def _mirror(self, follower: Doc, status: str, now: datetime, master_no: str) -> None:
        """Bring a linked case's own record in line; its message went out with the master's change."""
        version = follower["case_version"] + 1
        await self.cases.update_at_version(follower["_id"], follower["case_version"], {
            "$set": {"status": status, "updated_at": now, "open": 0, **NOT_MATCHABLE, f"history.{history_key(version)}":
                     history_entry(version, event="master_closed", status=status, department=follower["department"],
                                   at=now, actor=SYSTEM, master_tracking_no=master_no)},
            "$inc": {"case_version": 1}})

    async def close_linked(self, tracking_no: str, master: Doc) -> None:
        """A linked case whose master closed before the link took: follow it with its own message."""
        case = await self.cases.get(tracking_no)
        if case is None or case["status"] != CaseStatus.DUPLICATE:
            return
        now, version = self.clock(), case["case_version"] + 1
        view = {**case, "status": master["status"], "case_version": version, "updated_at": now}
        msg = messages.status_changed(view, public_note=notes.master_closed(master["_id"], master["status"], None),
                                      actor_role=None)
        update = merge_update({"$set": {"status": master["status"], "updated_at": now, "open": 0, **NOT_MATCHABLE,
                                        f"history.{history_key(version)}": history_entry(
                                            version, event="master_closed", status=master["status"],
                                            department=case["department"], at=now, actor=SYSTEM,
                                            master_tracking_no=master["_id"])},
                               "$inc": {"case_version": 1}}, outbox_update([msg], now))
        updated = await self.cases.update_at_version(tracking_no, case["case_version"], update)
        if updated is not None:
            self.relay.submit(updated)


def _correction(case: Doc, new_department: str, actor: Actor, now: datetime, version: int) -> Doc:
    """Training data: what the router decided and what people corrected it to (text redacted)."""
    return {"_id": f"{case['_id']}:{version:06d}", "tracking_no": case["_id"], "text": redact(case["text"]),
            "kind": case["kind"], "district": (case.get("location") or {}).get("district"),
            "service_code": case.get("service_code"), "old_department": case["department"],
            "new_department": new_department, "path": case.get("path"), "confidence": case.get("confidence"),
            "model_version": case.get("model_version"), "actor_role": str(actor.role), "corrected_at": now}
