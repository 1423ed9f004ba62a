"""HTTP entry points: the delivery log, citizen SMS preferences, the SMS gateway's inbound callback."""

import hmac
from typing import Annotated

import phonenumbers
from fastapi import APIRouter, Depends, Header, HTTPException, Query

from services.notify.adapters.audit import MongoAudit
from services.notify.adapters.store import NotifyStore
from services.notify.application.ports import Clock
from services.notify.application.service import NotifyService
from services.notify.entrypoints.schemas import (
    InboundResult, InboundSms, NotificationLog, NotificationPublic, PreferencePublic, PreferenceUpdate,
)
from shared.auth import Principal, require
from shared.enums import Role

Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
StaffOrAdmin = Annotated[Principal, Depends(require(Role.ADMIN, Role.STAFF))]


def _phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "TR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise HTTPException(422, [{"loc": ["path", "phone"], "msg": "not a valid phone number",
                                   "type": "value_error"}])
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def build_router(store: NotifyStore, service: NotifyService, clock: Clock, inbound_token: str) -> APIRouter:
    router = APIRouter(prefix="/v1")
    audit = MongoAudit(store.db, service.secret)

    @router.get("/notifications", response_model=NotificationLog, tags=["delivery log"],
                summary="Every notification for one application or registration, recipients masked")
    async def delivery_log(who: Admin, correlation_id: Annotated[str, Query(min_length=1, max_length=100,
                           examples=["153-2026-004217"])]) -> NotificationLog:
        docs = await store.log(correlation_id)
        await audit.record(who, "read_delivery_log", correlation_id=correlation_id)
        items = [NotificationPublic(id=d["_id"], **{k: v for k, v in d.items() if k != "_id"}) for d in docs]
        return NotificationLog(correlation_id=correlation_id, items=items)

    @router.get("/notifications/stats", tags=["delivery log"],
                summary="Notifications by status, and sends counted as possible doubles")
    async def stats(_: Admin) -> dict[str, int]:
        return await store.stats()

    @router.get("/preferences/{phone}", response_model=PreferencePublic, tags=["preferences"],
                summary="Whether this number receives SMS")
    async def get_preference(phone: str, who: StaffOrAdmin) -> PreferencePublic:
        number = _phone(phone)
        doc = await store.preference(number) or {}
        await audit.record(who, "read_preference", phone=number)
        return PreferencePublic(phone=number, sms_opt_out=bool(doc.get("sms_opt_out")), source=doc.get("source"),
                                updated_at=doc.get("updated_at"))

    @router.put("/preferences/{phone}", response_model=PreferencePublic, tags=["preferences"],
                summary="Stop (or resume) SMS to this number from now on")
    async def put_preference(phone: str, update: PreferenceUpdate, who: StaffOrAdmin) -> PreferencePublic:
        number = _phone(phone)
        doc = await service.set_preference(number, sms_opt_out=update.sms_opt_out,
                                           source=f"api:{who.key_id}", at=clock.now())
        await audit.record(who, "change_preference", phone=number)
        return PreferencePublic(**doc)

    @router.post("/sms/inbound", response_model=InboundResult, tags=["provider callbacks"],
                 summary="The SMS gateway forwards what citizens text to the short number (IPTAL stops SMS)",
                 responses={401: {"description": "Missing or wrong gateway token"}})
    async def inbound(message: InboundSms,
                      authorization: Annotated[str | None, Header()] = None) -> InboundResult:
        expected = f"Bearer {inbound_token}"
        if not authorization or not hmac.compare_digest(authorization.encode(), expected.encode()):
            raise HTTPException(401, "missing or wrong gateway token (Authorization: Bearer …)")
        action = await service.inbound_sms(message.sender, message.text, clock.now())
        return InboundResult(action=action)

    return router
