"""Use cases that read applications: the channel/staff view, the citizen's look-up, Open311 lists."""

import hmac
from typing import Any

from services.intake.application.catalogue import Catalogue
from services.intake.application.ports import ApplicationStore, AuditLog, RequestFilter
from services.intake.domain.clock import utcnow
from services.intake.domain.open311 import request_entry
from services.intake.domain.tracking import is_tracking_no
from services.intake.domain.views import full_view, public_view
from shared.auth import Principal
from shared.enums import Role


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


class Queries:
    def __init__(self, store: ApplicationStore, catalogue: Catalogue, audit: AuditLog):
        self.store = store
        self.catalogue = catalogue
        self.audit = audit

    async def application_for(self, principal: Principal, tracking_no: str) -> dict[str, Any]:
        if principal.role not in (Role.CHANNEL, Role.STAFF, Role.ADMIN):
            raise Forbidden("only the submitting channel, staff or an admin may read an application")
        doc = await self.store.get(tracking_no) if is_tracking_no(tracking_no) else None
        # Another channel's application is "not found": a channel learns nothing about others.
        if doc is None or (principal.role == Role.CHANNEL and doc.get("channel") != principal.channel):
            raise NotFound(tracking_no)
        if principal.role in (Role.STAFF, Role.ADMIN):
            await self.audit.record({"at": utcnow(), "key_id": principal.key_id, "role": principal.role,
                                     "tracking_no": tracking_no, "action": "read_application"})
        return full_view(doc)

    async def track(self, tracking_no: str, code: str | None, last4: str | None) -> dict[str, Any]:
        """The public look-up; any mismatch is the same NotFound, so it gives no hint."""
        doc = await self.store.get(tracking_no) if is_tracking_no(tracking_no) else None
        if doc is None or not _proves(doc, code, last4):
            raise NotFound(tracking_no)
        return public_view(doc, await self._service_name(doc.get("service_code")))

    async def open311_requests(self, flt: RequestFilter) -> list[dict[str, Any]]:
        docs = await self.store.search(flt)
        return [request_entry(d, await self._service_name(d.get("service_code"))) for d in docs]

    async def open311_request(self, tracking_no: str) -> dict[str, Any] | None:
        doc = await self.store.get(tracking_no) if is_tracking_no(tracking_no) else None
        return request_entry(doc, await self._service_name(doc.get("service_code"))) if doc else None

    async def _service_name(self, code: str | None) -> str | None:
        service = await self.catalogue.service(code) if code else None
        return service.name_tr if service else None


def _proves(doc: dict[str, Any], code: str | None, last4: str | None) -> bool:
    if code:
        return hmac.compare_digest(code.strip().upper().encode(), str(doc.get("tracking_code", "")).encode())
    phone = (doc.get("citizen") or {}).get("phone")
    if last4 and phone and len(last4.strip()) == 4:
        return hmac.compare_digest(last4.strip().encode(), phone[-4:].encode())
    return False
