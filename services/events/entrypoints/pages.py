"""Public pages (Turkish first, English on ?lang=en): upcoming events, event detail with a
registration form that works without JavaScript, and the registration's own page."""

from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from services.events.application import places
from services.events.application import registrations as reg_cases
from services.events.application.errors import Conflict, NotFound, Refused
from services.events.application.events import get_event
from services.events.domain.eligibility import Applicant, Refusal
from services.events.domain.model import EventState
from services.events.domain.timeutil import from_ts, local, ts
from services.events.entrypoints.deps import NowDep, PortsDep
from services.events.entrypoints.i18n import lang_of, texts

router = APIRouter(tags=["pages"], include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _render(request: Request, name: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    other = "tr" if lang == "en" else "en"
    params = {**request.query_params, "lang": other}
    context.update(lang=lang, t=texts(lang), q="?lang=en" if lang == "en" else "",
                   switch_url=f"{request.url.path}?{urlencode(params)}")
    return templates.TemplateResponse(request, name, context, status_code=status)


def _label(session: dict[str, Any]) -> str:
    start, end = local(from_ts(session["start_ts"])), local(from_ts(session["end_ts"]))
    return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"


def _event_view(event: dict[str, Any], lang: str) -> dict[str, Any]:
    en = lang == "en"
    min_age, max_age = event.get("min_age"), event.get("max_age")
    ages = f"{min_age if min_age is not None else 0}–{max_age if max_age is not None else ''}" \
        if min_age is not None or max_age is not None else None
    rules = reg_cases.rules_of(event)
    title_en, description_en = (event.get("title_en"), event.get("description_en")) if en else (None, None)
    return {"id": event["_id"], "type": event["type"], "venue": event["venue"], "organiser": event["organiser"],
            "title": title_en or event["title_tr"], "title_lang": lang if title_en or not en else "tr",
            "description": description_en or event.get("description_tr", ""),
            "description_lang": lang if description_en or not en else "tr",
            "ages": ages, "roles": event.get("roles") or [], "for_children": rules.for_children,
            "needs_birth_date": rules.needs_birth_date}


@router.get("/", response_class=HTMLResponse)
async def home() -> RedirectResponse:
    return RedirectResponse("/etkinlikler", status_code=307)


@router.get("/etkinlikler", response_class=HTMLResponse)
async def upcoming(request: Request, ports: PortsDep, now: NowDep, lang: str | None = None) -> HTMLResponse:
    lang = lang_of(lang)
    items = []
    for event in await ports.events.list_events([EventState.PUBLISHED.value]):
        sessions = [s for s in await ports.events.sessions_of(event["_id"]) if s["end_ts"] > ts(now)]
        if sessions:
            items.append({**_event_view(event, lang), "first_start": _label(sessions[0])})
    return _render(request, "list.html", lang, events=items)


async def _detail(request: Request, ports, event_id: str, lang: str, now, *, errors=None, form=None,
                  status: int = 200) -> HTMLResponse:
    try:
        event, sessions = await get_event(ports, event_id)
    except NotFound:
        event = None
    if event is None or event["state"] == EventState.DRAFT.value:
        return HTMLResponse(f"<!doctype html><html lang='{lang}'><title>404</title><p>{texts(lang)['not_found']}",
                            status_code=404)
    upcoming = [{"id": s["_id"], "label": _label(s), "free": max(0, s["capacity"] - s["confirmed"])}
                for s in sessions if s["start_ts"] > ts(now)]
    closes = event.get("registration_closes_ts")
    is_open = (event["state"] == EventState.PUBLISHED.value and bool(upcoming)
               and (event.get("registration_opens_ts") or 0) <= ts(now) and (closes is None or closes >= ts(now)))
    return _render(request, "detail.html", lang, status=status, e=_event_view(event, lang), sessions=upcoming,
                   open=is_open, errors=errors or [], form=form or {})


@router.get("/etkinlikler/{event_id}", response_class=HTMLResponse)
async def detail(event_id: str, request: Request, ports: PortsDep, now: NowDep, lang: str | None = None
                 ) -> HTMLResponse:
    return await _detail(request, ports, event_id, lang_of(lang), now)


def _applicant(form: dict[str, str], lang: str) -> tuple[Applicant, list[Refusal]]:
    problems: list[Refusal] = []
    birth = openings = None
    if form.get("birth_date"):
        birth = _date(form["birth_date"])
        if birth is None:
            problems.append(Refusal("birth_date", "invalid_date", "Write the date as DD.MM.YYYY",
                                    "Tarihi GG.AA.YYYY biçiminde yazın"))
    if form.get("openings"):
        try:
            openings = int(form["openings"])
        except ValueError:
            problems.append(Refusal("openings", "not_a_number", "Give a whole number", "Bir tam sayı yazın"))
    applicant = Applicant(name=form.get("name", ""), phone=form.get("phone"), email=form.get("email") or None,
                          birth_date=birth, guardian_name=form.get("guardian_name"),
                          guardian_phone=form.get("guardian_phone"), role=form.get("role") or None,
                          company=form.get("company"), openings=openings, kvkk_ack=bool(form.get("kvkk_ack")))
    return applicant, problems


def _date(text: str) -> date | None:
    """Browsers send YYYY-MM-DD; without a date picker people type 15.04.2016."""
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    return None


def _errors(refusals: list[Refusal], lang: str) -> list[dict[str, str]]:
    return [{"field": r.field, "text": r.message_en if lang == "en" else r.message_tr} for r in refusals]


@router.post("/etkinlikler/{event_id}/kayit", response_class=HTMLResponse)
async def register(event_id: str, request: Request, ports: PortsDep, now: NowDep) -> HTMLResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    lang = lang_of(form.get("lang"))
    applicant, problems = _applicant(form, lang)
    if problems:
        return await _detail(request, ports, event_id, lang, now, errors=_errors(problems, lang), form=form,
                             status=422)
    cmd = reg_cases.NewRegistration(event_id, form.get("session_id", ""), applicant,
                                    bool(form.get("notify_sms")), bool(form.get("notify_email")))
    try:
        done = await reg_cases.register(ports, cmd, now)
    except Refused as exc:
        return await _detail(request, ports, event_id, lang, now, errors=_errors(exc.refusals, lang), form=form,
                             status=422)
    except Conflict as exc:
        text = _conflict_text(exc, lang)
        return await _detail(request, ports, event_id, lang, now, errors=[{"field": "name", "text": text}],
                             form=form, status=409)
    except NotFound:
        return await _detail(request, ports, event_id, lang, now, status=404)
    query = urlencode({"kod": done.secret, **({"lang": "en"} if lang == "en" else {})})
    return RedirectResponse(f"/kayit/{done.registration['_id']}?{query}", status_code=303)


def _conflict_text(exc: Conflict, lang: str) -> str:
    if exc.reason == "duplicate_participant":
        return "This person is already registered for this session." if lang == "en" \
            else "Bu kişi bu oturuma zaten kayıtlı."
    return exc.message if lang == "en" else "Bu oturuma şu anda kayıt yapılamıyor."


@router.get("/kayit/{registration_id}", response_class=HTMLResponse)
async def registration_page(registration_id: str, request: Request, ports: PortsDep, kod: str = "",
                            lang: str | None = None) -> HTMLResponse:
    lang = lang_of(lang)
    try:
        reg, position = await places.lookup(ports, registration_id, kod)
    except NotFound:
        return HTMLResponse(f"<!doctype html><html lang='{lang}'><title>404</title><p>{texts(lang)['not_found']}",
                            status_code=404)
    event = await ports.events.get_event(reg["event_id"]) or {}
    session = await ports.events.get_session(reg["session_id"]) or {}
    title = (event.get("title_en") if lang == "en" else None) or event.get("title_tr", "")
    view = {"id": reg["_id"], "status": reg["status"], "position": position, "checkin_code": reg["checkin_code"],
            "checked_in": bool(reg.get("checked_in"))}
    return _render(request, "result.html", lang, r=view, title=title, code=kod,
                   session_label=_label(session) if session else "")


@router.post("/kayit/{registration_id}/iptal", response_class=HTMLResponse)
async def cancel_page(registration_id: str, request: Request, ports: PortsDep, now: NowDep) -> HTMLResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    lang, code = lang_of(form.get("lang")), form.get("kod", "")
    try:
        await places.lookup(ports, registration_id, code)
        await places.cancel(ports, registration_id, None, now)
    except NotFound:
        return HTMLResponse("<!doctype html><html lang='tr'><title>404</title><p>Bulunamadı.", status_code=404)
    except Conflict:
        pass  # already cancelled: the page says so
    query = urlencode({"kod": code, **({"lang": "en"} if lang == "en" else {})})
    return RedirectResponse(f"/kayit/{registration_id}?{query}", status_code=303)
