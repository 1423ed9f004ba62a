"""The department inbox: open cases, overdue first, with the SLA countdown; one case with its history
and the transitions its status allows (the same use cases as the department API)."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.routing.application.changes import CaseNotFound, Change, Conflict, Forbidden, InvalidChange
from services.routing.domain.access import Actor
from services.routing.domain.lifecycle import TRANSITIONS, IllegalTransition
from services.routing.entrypoints.http import audit_personal_data
from services.routing.entrypoints.schemas import case_public
from shared.enums import CaseStatus, Department, Role
from shared.web import Pages

router = APIRouter(include_in_schema=False)
NAV = [("/gelen-kutusu", "nav_inbox")]
ROLES = (Role.DEPARTMENT, Role.STAFF, Role.ADMIN)
LIMIT = 200
# Buttons in the order a clerk uses them; duplicate linking needs a master, reassigning a target.
ORDER = [CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.REJECTED,
         CaseStatus.REASSIGNED, CaseStatus.DUPLICATE]


def _kit(request: Request) -> Pages:
    return request.app.state.routing_pages


def _actor(principal) -> Actor:
    return Actor(role=principal.role, department=principal.department, key_id=principal.key_id, via="page")


def remaining(due: datetime, now: datetime) -> dict[str, Any]:
    """Seconds left (negative when late) and the parts a person reads: 2 g 3 sa / 5 sa 12 dk."""
    seconds = int((due - now).total_seconds())
    left = abs(seconds)
    days, hours, minutes = left // 86400, left % 86400 // 3600, left % 3600 // 60
    parts = [f"{days} g" if days else "", f"{hours} sa" if hours or days else "", f"{minutes} dk" if not days else ""]
    return {"seconds": seconds, "text": " ".join(p for p in parts if p) or "0 dk", "late": seconds < 0}


@router.get("/gelen-kutusu", response_class=HTMLResponse)
async def inbox(request: Request, birim: str | None = None) -> Response:
    kit = _kit(request)
    principal = await kit.require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    actor, now = _actor(principal), datetime.now(UTC)
    department = principal.department if not actor.sees_all else (birim or principal.department or None)
    query: dict[str, Any] = {"open": 1}
    if department:
        query["department"] = department
    docs, total = await request.app.state.routing.cases.list(query, skip=0, limit=LIMIT)
    await audit_personal_data(request, principal, "inbox_list", docs)
    cases = []
    for doc in docs:
        case = case_public(doc, now).model_dump(mode="json")
        case["sla_left"] = remaining(doc["due_at"], now)
        case["links"] = sorted((doc.get("links") or {}).keys())
        cases.append(case)
    # Overdue first (the list is already by due time), then urgent ones among the rest.
    cases.sort(key=lambda c: (not c["overdue"], not c["urgent"], c["sla_left"]["seconds"]))
    return kit.render(request, "inbox.html", principal=principal, nav=NAV, cases=cases, total=total,
                      department=department, may_choose=actor.sees_all, departments=[d.value for d in Department],
                      overdue=sum(1 for c in cases if c["overdue"]), now=now.isoformat())


async def _case_page(request: Request, principal, tracking_no: str, *, message: str | None = None,
                     ok: str | None = None, status: int = 200) -> Response:
    kit, now = _kit(request), datetime.now(UTC)
    try:
        doc = await request.app.state.routing.updater.read(tracking_no, _actor(principal))
    except CaseNotFound:
        return kit.render(request, "case.html", status=404, principal=principal, nav=NAV, case=None,
                          message="not_found")
    except Forbidden:
        return kit.render(request, "case.html", status=403, principal=principal, nav=NAV, case=None,
                          message="forbidden")
    await audit_personal_data(request, principal, "inbox_read_case", [doc])
    case = case_public(doc, now, with_history=True).model_dump(mode="json")
    case["sla_left"] = remaining(doc["due_at"], now)
    case["links"] = sorted((doc.get("links") or {}).keys())
    allowed = TRANSITIONS.get(CaseStatus(doc["status"]), frozenset())
    actions = [s.value for s in ORDER if s in allowed]
    if principal.role == Role.DEPARTMENT and principal.department != doc["department"]:
        actions = [a for a in actions if a == CaseStatus.REASSIGNED.value]  # the supervisor only reassigns
    return kit.render(request, "case.html", status=status, principal=principal, nav=NAV, case=case,
                      actions=actions, message=message, ok=ok, form_id=uuid4().hex,
                      departments=[d.value for d in Department if d.value != doc["department"]])


@router.get("/gelen-kutusu/{tracking_no}", response_class=HTMLResponse)
async def case_page(request: Request, tracking_no: str, ok: str | None = None) -> Response:
    principal = await _kit(request).require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    return await _case_page(request, principal, tracking_no, ok=ok if ok in {s.value for s in CaseStatus} else None)


@router.post("/gelen-kutusu/{tracking_no}", response_class=HTMLResponse)
async def transition(request: Request, tracking_no: str) -> Response:
    principal = await _kit(request).require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    try:
        to = CaseStatus(form.get("to", ""))
        version = int(form["case_version"]) if form.get("case_version") else None
        department = Department(form["department"]).value if to == CaseStatus.REASSIGNED else None
    except (ValueError, KeyError):
        return await _case_page(request, principal, tracking_no, message="invalid", status=422)
    change = Change(to=to, note=form.get("note") or None, internal_note=form.get("internal_note") or None,
                    department=department, master_tracking_no=form.get("master_tracking_no") or None,
                    idempotency_key=f"page-{form['form_id']}" if form.get("form_id") else None,
                    expected_version=version)
    try:
        await request.app.state.routing.updater.apply(tracking_no, change, _actor(principal))
    except IllegalTransition:
        return await _case_page(request, principal, tracking_no, message="illegal", status=409)
    except Conflict:
        return await _case_page(request, principal, tracking_no, message="conflict", status=409)
    except (InvalidChange, Forbidden, CaseNotFound) as exc:
        key, status = {Forbidden: ("forbidden", 403), CaseNotFound: ("not_found", 404)}.get(type(exc), ("invalid", 422))
        return await _case_page(request, principal, tracking_no, message=key, status=status)
    if principal.role == Role.DEPARTMENT and to == CaseStatus.REASSIGNED and principal.department != department:
        return RedirectResponse(f"/gelen-kutusu?ok={to.value}", status_code=303)  # no longer ours to read
    return RedirectResponse(f"/gelen-kutusu/{tracking_no}?ok={to.value}", status_code=303)
