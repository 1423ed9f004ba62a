"""The desk console: register an application while the citizen talks, with routing's suggestion as
the agent types; find an application by tracking number (or by phone, staff keys); its timeline and
a printable receipt."""

import json
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from services.intake.application.queries import Forbidden, NotFound
from services.intake.application.staff import InvalidPhone
from services.intake.application.submit import Submission
from services.intake.domain.application import ApplicationInput
from services.intake.domain.errors import FieldError, IdempotencyConflict, InvalidApplication, field_errors
from services.intake.pages import IntakePages, nav_for, of
from services.intake.pages.forms import application_body, field_id, form_values, is_tracking_no, service_choices
from services.intake.pages.texts import KINDS
from shared.enums import DISTRICTS, Channel, Role
from shared.telemetry import current_trace_id
from shared.web.texts import department_name

router = APIRouter(include_in_schema=False)
DESK_ROLES = (Role.CHANNEL, Role.STAFF, Role.ADMIN)
DESK_CHANNELS = (Channel.PHONE.value, Channel.WALK_IN.value)


async def _desk(request: Request, ctx: IntakePages, principal, *, values: dict[str, Any] | None = None,
                errors: list[dict[str, str]] | None = None, notice: str | None = None, results=None,
                status: int = 200) -> HTMLResponse:
    lang = ctx.kit.lang(request)
    services = service_choices(await ctx.intake.catalogue.active(), lang)
    values = values or {}
    values.setdefault("form_id", uuid4().hex)
    values.setdefault("channel", principal.channel or Channel.WALK_IN.value)
    # Embedded in a <script> element: "</" must not end it early.
    services_json = json.dumps(services, ensure_ascii=False).replace("</", "<\\/")
    return ctx.kit.render(
        request, "desk.html", status, principal=principal, nav=nav_for(principal), services=services,
        services_json=services_json, districts=DISTRICTS, kinds=KINDS, values=values,
        errors=errors or [], notice=notice, results=results,
        channels=DESK_CHANNELS if principal.role != Role.CHANNEL else [principal.channel],
        staff=principal.role in (Role.STAFF, Role.ADMIN))


@router.get("/masa", response_class=HTMLResponse)
async def desk(request: Request) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, *DESK_ROLES)
    if isinstance(principal, Response):
        return principal
    return await _desk(request, ctx, principal)


def _errors(errors: list[FieldError], t: dict[str, str]) -> list[dict[str, str]]:
    out = []
    for e in errors:
        target = field_id(e.loc)
        name = target.removeprefix("f-").removeprefix("attr-")
        out.append({"id": target, "text": f"{t.get(name, name)}: {e.msg}"})
    return out


@router.post("/masa", response_class=HTMLResponse)
async def register(request: Request) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, *DESK_ROLES)
    if isinstance(principal, Response):
        return principal
    t = ctx.kit.texts[ctx.kit.lang(request)]
    items = [(k, str(v)) for k, v in (await request.form()).multi_items()]
    values = form_values(items)
    code = values.get("service_code", "").strip()
    service = await ctx.intake.catalogue.service(code) if code else None
    body = application_body(items, service)
    body["channel_meta"] = {"agent_id": principal.key_id}
    channel = principal.channel if principal.role == Role.CHANNEL else (
        values.get("channel") if values.get("channel") in DESK_CHANNELS else Channel.WALK_IN.value)
    try:
        application = ApplicationInput.model_validate(body)
        receipt = await ctx.intake.submit(Submission(
            channel=channel, key_id=principal.key_id, application=application,
            idempotency_key=f"desk-{values.get('form_id') or uuid4().hex}", trace_id=current_trace_id()))
    except ValidationError as exc:
        return await _desk(request, ctx, principal, values=values, errors=_errors(field_errors(exc), t), status=422)
    except InvalidApplication as exc:
        return await _desk(request, ctx, principal, values=values, errors=_errors(exc.errors, t), status=422)
    except IdempotencyConflict as exc:
        values.pop("form_id", None)
        return await _desk(request, ctx, principal, values=values, status=409,
                           errors=[{"id": "f-text", "text": f"{t['tracking_no']}: {exc.tracking_no}"}])
    return RedirectResponse(f"/masa/basvuru/{receipt.tracking_no}?yeni=1", status_code=303)


@router.get("/masa/basvuru/{tracking_no}", response_class=HTMLResponse)
async def application(request: Request, tracking_no: str, yeni: int = 0) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, *DESK_ROLES)
    if isinstance(principal, Response):
        return principal
    try:
        view = await ctx.intake.queries.application_for(principal, tracking_no)
    except (Forbidden, NotFound):
        return await _desk(request, ctx, principal, notice="no_results", status=404)
    lang = ctx.kit.lang(request)
    service = await ctx.intake.catalogue.service(view["service_code"]) if view.get("service_code") else None
    service_name = (service.name_en if lang == "en" and service.name_en else service.name_tr) if service else None
    return ctx.kit.render(request, "application.html", principal=principal, nav=nav_for(principal), v=view,
                          new=bool(yeni), service_name=service_name, staff=principal.role in (Role.STAFF, Role.ADMIN),
                          jaeger=ctx.settings.jaeger_ui_url.rstrip("/"))


@router.post("/masa/ara", response_class=HTMLResponse)
async def search(request: Request) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, *DESK_ROLES)
    if isinstance(principal, Response):
        return principal
    query = str((await request.form()).get("q", "")).strip()
    if is_tracking_no(query):
        return RedirectResponse(f"/masa/basvuru/{query}", status_code=303)
    if principal.role not in (Role.STAFF, Role.ADMIN):
        return await _desk(request, ctx, principal, notice="phone_search_staff_only", status=403)
    try:
        found = await ctx.staff.by_phone(principal, query)
    except InvalidPhone:
        return await _desk(request, ctx, principal, notice="no_results", results=[], status=422)
    return await _desk(request, ctx, principal, results=found)


@router.post("/masa/oneri")
async def suggest(request: Request) -> Response:
    """Routing's suggestion for the text being typed: the page's key is used for routing's
    `POST /v1/classify`, so the key never has to be readable by JavaScript."""
    ctx = of(request)
    principal = await ctx.kit.principal(request)
    if principal is None or principal.role not in DESK_ROLES:
        return JSONResponse({"detail": "sign in"}, status_code=401)
    try:
        asked = await request.json()
        body = {k: asked[k] for k in ("text", "service_code", "district", "kind") if asked.get(k)}
        if not body.get("text"):
            return JSONResponse({"detail": "text is required"}, status_code=422)
        answer = await ctx.client.post(f"{ctx.settings.routing_url.rstrip('/')}/v1/classify", json=body,
                                       headers={"X-API-Key": ctx.kit.secret(request) or ""})
    except (ValueError, AttributeError):
        return JSONResponse({"detail": "a JSON object is expected"}, status_code=422)
    except Exception:  # noqa: BLE001 - routing away: the desk works on without a suggestion
        return JSONResponse({"unavailable": True}, status_code=502)
    if answer.status_code != 200:
        return JSONResponse({"unavailable": True, "status": answer.status_code}, status_code=502)
    lang = ctx.kit.lang(request)
    found = answer.json()
    found["department_name"] = department_name(found.get("department"), lang)
    for alternative in found.get("alternatives") or []:
        alternative["department_name"] = department_name(alternative.get("department"), lang)
    return JSONResponse(found)
