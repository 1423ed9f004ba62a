"""The use cases: what notify does with each message it consumes and each preference change."""

import logging
from datetime import timedelta
from typing import Any

from services.notify.adapters.erasure import ErasureStore
from services.notify.adapters.store import NotifyStore
from services.notify.application.dispatch import Dispatcher
from services.notify.domain.contacts import e164, keyword
from services.notify.domain.ordering import Decision, decide
from services.notify.domain.plan import (
    EVENT_TEMPLATES, CitizenContact, DepartmentTarget, SourceRef, case_template, for_citizen, for_departments,
)
from shared.contracts.envelope import envelope
from shared.contracts.intake import CitizenErasureCompleted, CitizenErasureRequested, RequestRegistered
from shared.erasure import subjects_for
from shared.contracts.registry import message_type
from shared.messaging import RetryLater
from shared.outbox import OutboxRelay, outbox_fields

log = logging.getLogger("irtibat.notify.service")
CASE_TYPES = ("case.routed", "case.status_changed", "case.escalated")
# A deferred event SMS must still arrive this long before the session starts.
EVENT_LEAD = timedelta(hours=1)


def language(attributes: dict[str, Any]) -> str:
    lang = str(attributes.get("language") or attributes.get("lang") or "tr").lower()
    return "en" if lang.startswith("en") else "tr"


class NotifyService:
    def __init__(self, store: NotifyStore, dispatcher: Dispatcher, departments: dict[str, DepartmentTarget], *,
                 gap_wait_retries: int, opt_out_keywords: list[str], opt_in_keywords: list[str],
                 erasure: ErasureStore, erasure_relay: OutboxRelay | None, secret: str):
        self.store, self.dispatcher, self.departments = store, dispatcher, departments
        self.erasure, self.erasure_relay, self.secret = erasure, erasure_relay, secret
        self.gap_wait_retries = gap_wait_retries
        self.opt_out = {keyword(k) for k in opt_out_keywords}
        self.opt_in = {keyword(k) for k in opt_in_keywords}

    async def request_registered(self, body: RequestRegistered, raw: dict[str, Any], source: SourceRef) -> None:
        contact = CitizenContact(phone=e164(body.citizen.phone), email=body.citizen.email,
                                 notify_sms=body.consent.notify_sms, notify_email=body.consent.notify_email,
                                 lang=language(body.attributes))
        await self.store.save_contact(body.tracking_no, {
            "phone": contact.phone, "email": contact.email, "notify_sms": int(contact.notify_sms),
            "notify_email": int(contact.notify_email), "lang": contact.lang, "registered_at": body.registered_at,
            "subjects": subjects_for(self.secret, phones=(contact.phone,), email=contact.email)})
        context = {"tracking_no": body.tracking_no, "tracking_code": raw.get("tracking_code"),
                   "registered_at": body.registered_at, "kind": body.kind, "channel": body.channel}
        await self.dispatcher.deliver_all(for_citizen("receipt", contact, context), source)

    async def case_event(self, mtype: str, payload: dict[str, Any], source: SourceRef, attempts: int) -> None:
        if mtype not in CASE_TYPES:
            log.info("ignoring %s: notify has nothing to say about it", mtype)
            return
        msg = message_type(mtype).model.model_validate(payload)
        held = await self.store.contact(msg.tracking_no)
        if held is None:
            raise RetryLater(f"{mtype} for {msg.tracking_no} arrived before its request.registered")
        decision = decide(int(held.get("case_version") or 0), msg.case_version, attempts, self.gap_wait_retries)
        if decision == Decision.STALE:
            return
        if decision == Decision.WAIT:
            raise RetryLater(f"{msg.tracking_no}: version {msg.case_version} waits for an earlier one")
        context = {"tracking_no": msg.tracking_no, "department": msg.department, "note": None,
                   "master_tracking_no": None, "occurred_at": msg.occurred_at, "case_version": msg.case_version}
        if mtype == "case.escalated":
            context.update(escalated_to=msg.escalated_to, level=msg.level, due_at=msg.due_at)
            planned = for_departments("case_escalated", self._targets(msg.department, msg.escalated_to), context)
        else:
            template = case_template(mtype, payload)
            context.update(note=getattr(msg, "public_note", None),
                           master_tracking_no=getattr(msg, "master_tracking_no", None))
            contact = CitizenContact(phone=held.get("phone"), email=held.get("email"),
                                     notify_sms=bool(held.get("notify_sms")),
                                     notify_email=bool(held.get("notify_email")), lang=held.get("lang") or "tr")
            urgent = bool(getattr(msg, "urgent", False))
            planned = for_citizen(template, contact, context, urgent=urgent) if template else []
        await self.dispatcher.deliver_all(planned, source)
        await self.store.advance_case(msg.tracking_no, msg.case_version)

    def _targets(self, *codes: str) -> list[DepartmentTarget]:
        seen, targets = set(), []
        for code in codes:
            if code in self.departments and code not in seen:
                seen.add(code)
                targets.append(self.departments[code])
        if not targets:
            log.warning("no escalation contact configured for %s", ", ".join(codes))
        return targets

    async def event_message(self, mtype: str, payload: dict[str, Any], source: SourceRef) -> None:
        template = EVENT_TEMPLATES.get(mtype)
        if template is None:
            log.info("ignoring %s: notify has nothing to say about it", mtype)
            return
        msg = message_type(mtype).model.model_validate(payload)
        held = await self.store.registration_version(msg.registration_id)
        reminder = mtype == "event.reminder.due"
        if msg.version < held or (msg.version == held and not reminder):
            return  # an older state of the registration, or already applied
        contact = CitizenContact(phone=e164(msg.contact.phone), email=msg.contact.email,
                                 notify_sms=msg.consent.notify_sms, notify_email=msg.consent.notify_email)
        context = {"registration_id": msg.registration_id, "title_tr": msg.event_title_tr,
                   "title_en": msg.event_title_en, "session_start": msg.session_start, "venue": msg.venue,
                   "name": msg.contact.name, "checkin_code": getattr(msg, "checkin_code", None),
                   "position": getattr(msg, "position", None), "reason": getattr(msg, "reason", None),
                   "event_cancelled": getattr(msg, "reason", None) == "event_cancelled"}
        planned = for_citizen(template, contact, context, send_by=msg.session_start - EVENT_LEAD)
        await self.dispatcher.deliver_all(planned, source)
        if not reminder:
            await self.store.advance_registration(msg.registration_id, msg.version)

    async def inbound_sms(self, sender: str, text: str, at) -> str:
        """The SMS gateway's callback: IPTAL stops SMS to this number from now on, BASLA resumes."""
        word = keyword(text)
        if word in self.opt_out or word in self.opt_in:
            await self.set_preference(e164(sender) or sender, sms_opt_out=word in self.opt_out,
                                      source="sms-keyword", at=at)
            return "opted_out" if word in self.opt_out else "opted_in"
        return "ignored"

    async def set_preference(self, phone: str, *, sms_opt_out: bool, source: str, at) -> dict[str, Any]:
        return await self.store.set_preference(phone, sms_opt_out=sms_opt_out, source=source, at=at,
                                               subjects=subjects_for(self.secret, phones=(phone,)))

    async def erase(self, request: CitizenErasureRequested, at) -> dict[str, int]:
        """Remove the subjects' addresses everywhere; report once per erasure id."""
        counts = await self.erasure.erase(request.subjects)
        report = CitizenErasureCompleted(erasure_id=request.erasure_id, service="notify", counts=counts,
                                         completed_at=at)
        msg = envelope(report, producer="notify", correlation_id=request.erasure_id)
        doc = {"_id": request.erasure_id, "counts": counts, "completed_at": at, **outbox_fields([msg])}
        if await self.erasure.record(doc) and self.erasure_relay is not None:
            self.erasure_relay.submit(doc)
        return counts
