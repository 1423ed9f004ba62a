"""Staff pages (staff or admin key, signed in through shared/web): the check-in screen at the door
(/gorevli/giris-kontrol) and the organiser's view of registrations and waitlists (/gorevli/etkinlikler).
Every look at personal data is written to the audit log, as in the JSON API."""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.events.application import places
from services.events.application.errors import Conflict, NotFound
from services.events.domain.model import CancelReason
from services.events.domain.timeutil import from_ts, local, ts
from services.events.entrypoints.staff_texts import STAFF_TEXTS
from shared.enums import Role
from shared.settings import CommonSettings
from shared.web import STATIC, Pages

router = APIRouter(include_in_schema=False)
NAV = [("/gorevli/giris-kontrol", "nav_checkin"), ("/gorevli/etkinlikler", "nav_events")]
ROLES = (Role.STAFF, Role.ADMIN)


def install(app: FastAPI, settings: CommonSettings) -> None:
    app.state.staff_pages = Pages("events", [Path(__file__).parent / "staff_templates"], STAFF_TEXTS,
                                  secure_cookie=not settings.is_local, home="/gorevli/giris-kontrol")
    app.mount("/static/irtibat", StaticFiles(directory=STATIC), name="irtibat-static")
    app.include_router(app.state.staff_pages.signin_router())
    app.include_router(router)


def _kit(request: Request) -> Pages:
    return request.app.state.staff_pages


def _when(session: dict[str, Any] | None) -> str:
    if not session:
        return ""
    start, end = local(from_ts(session["start_ts"])), local(from_ts(session["end_ts"]))
    return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"


@router.get("/gorevli")
async def staff_home() -> RedirectResponse:
    return RedirectResponse("/gorevli/giris-kontrol", status_code=307)


@router.get("/gorevli/giris-kontrol", response_class=HTMLResponse)
async def checkin_form(request: Request) -> Response:
    principal = await _kit(request).require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    return _kit(request).render(request, "checkin.html", principal=principal, nav=NAV, result=None, error=None)


@router.post("/gorevli/giris-kontrol", response_class=HTMLResponse)
async def checkin(request: Request) -> Response:
    kit = _kit(request)
    principal = await kit.require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    ports, now = request.app.state.ports, request.app.state.clock()
    code = str((await request.form()).get("code", "")).strip()
    try:
        doc = await places.check_in(ports, code, now)
    except NotFound:
        return kit.render(request, "checkin.html", status=404, principal=principal, nav=NAV, result=None,
                          error="unknown_code")
    except Conflict as exc:
        return kit.render(request, "checkin.html", status=409, principal=principal, nav=NAV, result=None,
                          error=exc.reason if exc.reason in STAFF_TEXTS["tr"] else "busy")
    await ports.registrations.audit(principal.key_id, "check_in", doc["_id"], ts(now))
    event = await ports.events.get_event(doc["event_id"]) or {}
    session = await ports.events.get_session(doc["session_id"])
    lang = kit.lang(request)
    title = (event.get("title_en") if lang == "en" else None) or event.get("title_tr", "")
    result = {"name": doc.get("name"), "role": doc.get("role"), "title": title, "when": _when(session),
              "code": doc.get("checkin_code")}
    return kit.render(request, "checkin.html", principal=principal, nav=NAV, result=result, error=None)


@router.get("/gorevli/etkinlikler", response_class=HTMLResponse)
async def events(request: Request) -> Response:
    kit = _kit(request)
    principal = await kit.require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    ports = request.app.state.ports
    items = []
    for event in await ports.events.list_events():
        sessions = await ports.events.sessions_of(event["_id"])
        items.append({"id": event["_id"], "title": event["title_tr"], "title_en": event.get("title_en"),
                      "state": event["state"], "type": event["type"],
                      "sessions": [{"when": _when(s), "capacity": s["capacity"], "confirmed": s["confirmed"],
                                    "waiting": s["waiting"]} for s in sessions]})
    return kit.render(request, "organiser.html", principal=principal, nav=NAV, events=items)


@router.get("/gorevli/etkinlikler/{event_id}", response_class=HTMLResponse)
async def event_registrations(request: Request, event_id: str, ok: int = 0) -> Response:
    kit = _kit(request)
    principal = await kit.require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    ports, now = request.app.state.ports, request.app.state.clock()
    event = await ports.events.get_event(event_id)
    if event is None:
        return kit.render(request, "organiser_event.html", status=404, principal=principal, nav=NAV, event=None)
    sessions = []
    for s in await ports.events.sessions_of(event_id):
        await ports.registrations.audit(principal.key_id, "list_registrations", s["_id"], ts(now))
        docs = [d for d in await ports.registrations.list_for_session(s["_id"]) if d["event_id"] == event_id]
        waiting = [d for d in docs if d["status"] == "waitlisted"]
        sessions.append({"id": s["_id"], "when": _when(s), "capacity": s["capacity"], "confirmed": s["confirmed"],
                         "waiting": s["waiting"],
                         "registrations": [_row(d) for d in docs if d["status"] == "confirmed"],
                         "waitlist": [{**_row(d), "position": i} for i, d in enumerate(waiting, start=1)],
                         "cancelled": [_row(d) for d in docs if d["status"] == "cancelled"]})
    lang = kit.lang(request)
    title = (event.get("title_en") if lang == "en" else None) or event["title_tr"]
    return kit.render(request, "organiser_event.html", principal=principal, nav=NAV, sessions=sessions, ok=bool(ok),
                      event={"id": event_id, "title": title, "state": event["state"], "venue": event.get("venue"),
                             "organiser": event.get("organiser")})


def _row(doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc["_id"], "arrival": doc.get("arrival"), "name": doc.get("name") or "—", "role": doc.get("role"),
            "company": doc.get("company"), "status": doc["status"], "checked_in": bool(doc.get("checked_in"))}


@router.post("/gorevli/kayit/{registration_id}/iptal")
async def staff_cancel(request: Request, registration_id: str) -> Response:
    kit = _kit(request)
    principal = await kit.require(request, *ROLES)
    if isinstance(principal, Response):
        return principal
    ports, now = request.app.state.ports, request.app.state.clock()
    try:
        doc = await places.cancel(ports, registration_id, CancelReason.STAFF_CANCELLED, now)
    except NotFound:
        return RedirectResponse("/gorevli/etkinlikler", status_code=303)
    except Conflict:
        doc = await ports.registrations.get(registration_id)
    await ports.registrations.audit(principal.key_id, "staff_cancel", registration_id, ts(now))
    return RedirectResponse(f"/gorevli/etkinlikler/{doc['event_id']}?ok=1", status_code=303)
