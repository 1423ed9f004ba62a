"""The department API (its cases, one case, transitions) and POST /v1/classify."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request

from services.routing.application.changes import CaseNotFound, Change, Conflict, Forbidden, InvalidChange
from services.routing.application.context import RoutingContext
from services.routing.domain.access import Actor
from services.routing.domain.lifecycle import IllegalTransition
from services.routing.domain.turkish import fold
from services.routing.entrypoints.schemas import (
    Alternative, CasePage, CasePublic, ClassifyRequest, ClassifyResponse, TransitionCreate, case_public,
)
from shared.auth import Principal, require
from shared.enums import CaseStatus, Role

router = APIRouter(prefix="/v1", tags=["cases"])
CaseReader = Annotated[Principal, Depends(require(Role.DEPARTMENT, Role.STAFF, Role.ADMIN))]
Classifier = Annotated[Principal, Depends(require(Role.STAFF, Role.CHANNEL, Role.ADMIN, Role.DEPARTMENT))]
ERRORS = {401: {"description": "Missing or unknown key"}, 403: {"description": "Another department's case"},
          404: {"description": "No such case"}}


def ctx(request: Request) -> RoutingContext:
    return request.app.state.routing


def actor_of(p: Principal) -> Actor:
    return Actor(role=p.role, department=p.department, key_id=p.key_id, via="http")


async def audit_personal_data(request: Request, principal: Principal, action: str, docs: list[dict]) -> None:
    """Staff and admin reads of a citizen's contact are written to the audit log (KVKK)."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        return
    with_contact = [d["_id"] for d in docs if d.get("contact")]
    if with_contact:
        await ctx(request).audit.record(key_id=principal.key_id, role=principal.role, action=action,
                                        tracking_nos=with_contact)


def _http_error(exc: Exception) -> HTTPException:
    if isinstance(exc, CaseNotFound):
        return HTTPException(404, str(exc))
    if isinstance(exc, Forbidden):
        return HTTPException(403, str(exc))
    if isinstance(exc, IllegalTransition):
        return HTTPException(409, {"reason": "illegal_transition", "detail": str(exc), "from": exc.current,
                                   "to": exc.to, "allowed": exc.allowed})
    if isinstance(exc, Conflict):
        return HTTPException(409, {"reason": "version_conflict", "detail": str(exc)})
    return HTTPException(422, {"reason": "invalid_change", "detail": str(exc)})


@router.get("/cases", response_model=CasePage, responses=ERRORS, summary="List cases (a department: its own)")
async def list_cases(
    request: Request, principal: CaseReader,
    status: Annotated[list[CaseStatus] | None, Query(description="One or more statuses")] = None,
    overdue: Annotated[bool | None, Query(description="Only open cases past their due time")] = None,
    district: str | None = None,
    department: Annotated[str | None, Query(description="Staff, admin and the supervisor: one department")] = None,
    escalated: bool | None = None, urgent: bool | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1, page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CasePage:
    actor, now = actor_of(principal), datetime.now(UTC)
    query: dict[str, Any] = {}
    if not actor.sees_all:
        if department and department != actor.department:
            raise HTTPException(403, "a department key lists only its own cases")
        query["department"] = actor.department
    elif department:
        query["department"] = department
    if status:
        query["status"] = {"$in": [s.value for s in status]}
    if overdue:
        query.update(open=1, due_at={"$lt": now})
    if district:
        query["district_key"] = fold(district)
    if escalated:
        query["escalation_level"] = {"$gte": 1}
    if urgent:
        query["urgent"] = 1
    docs, total = await ctx(request).cases.list(query, skip=(page - 1) * page_size, limit=page_size)
    await audit_personal_data(request, principal, "list_cases", docs)
    return CasePage(items=[case_public(d, now) for d in docs], page=page, page_size=page_size, total=total)


@router.get("/cases/{tracking_no}", response_model=CasePublic, responses=ERRORS, summary="One case with its history")
async def read_case(request: Request, tracking_no: str, principal: CaseReader) -> CasePublic:
    try:
        doc = await ctx(request).updater.read(tracking_no, actor_of(principal))
    except (CaseNotFound, Forbidden) as exc:
        raise _http_error(exc) from None
    await audit_personal_data(request, principal, "read_case", [doc])
    return case_public(doc, datetime.now(UTC), with_history=True)


@router.post("/cases/{tracking_no}/transitions", response_model=CasePublic, summary="Change a case's status",
             responses={**ERRORS, 409: {"description": "Illegal transition or stale case_version"},
                        422: {"description": "Invalid target (department, master case)"}})
async def post_transition(request: Request, tracking_no: str, body: TransitionCreate, principal: CaseReader,
                          idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> CasePublic:
    change = Change(to=body.to, note=body.note, internal_note=body.internal_note,
                    department=body.department.value if body.department else None,
                    master_tracking_no=body.master_tracking_no, idempotency_key=idempotency_key,
                    expected_version=body.case_version)
    try:
        doc = await ctx(request).updater.apply(tracking_no, change, actor_of(principal))
    except (CaseNotFound, Forbidden, IllegalTransition, Conflict, InvalidChange) as exc:
        raise _http_error(exc) from None
    return case_public(doc, datetime.now(UTC), with_history=True)


@router.post("/classify", response_model=ClassifyResponse, tags=["classify"],
             summary="Which department would get this text (nothing is stored)")
async def classify(request: Request, body: ClassifyRequest, principal: Classifier) -> ClassifyResponse:
    decision = await ctx(request).router.decide(body.text, service_code=body.service_code, district=body.district,
                                                kind=body.kind.value if body.kind else None)
    return ClassifyResponse(
        department=decision.department, confidence=round(decision.confidence, 4),
        alternatives=[Alternative(department=d, score=round(s, 4)) for d, s in decision.alternatives],
        reason=decision.reason, urgent=decision.urgent, path=decision.path, emergency=decision.emergency,
        model_version=decision.model_version)
