"""Sign-in, language and rendering for server-rendered pages (Jinja2)."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from shared.auth import Principal, authenticate
from shared.enums import Role
from shared.web.texts import COMMON, department_name

HERE = Path(__file__).parent
STATIC = HERE / "static"
LANG_COOKIE = "irtibat_lang"
LANGS = ("tr", "en")


try:
    from zoneinfo import ZoneInfo

    ISTANBUL: timezone | ZoneInfo = ZoneInfo("Europe/Istanbul")
except Exception:  # noqa: BLE001 - no tzdata: Türkiye keeps UTC+3 all year since 2016
    ISTANBUL = timezone(timedelta(hours=3))


def when(value: Any) -> str:
    """A time as people here read it: 29.11.2026 13:52, Istanbul time."""
    if not value:
        return ""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(ISTANBUL):%d.%m.%Y %H:%M}"


def safe_next(target: str | None, default: str) -> str:
    """Only a path of this site: never an absolute URL another site could be reached through."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


class Pages:
    """One service's page kit. `texts` maps a language to the service's own words."""

    def __init__(self, service: str, dirs: Iterable[Path], texts: Mapping[str, Mapping[str, str]], *,
                 secure_cookie: bool = False, home: str = "/"):
        self.service = service
        self.cookie = f"irtibat_{service}_key"
        self.secure_cookie = secure_cookie
        self.home = home
        self.texts = {lang: {**COMMON[lang], **texts.get(lang, {})} for lang in LANGS}
        loader = ChoiceLoader([FileSystemLoader([str(d) for d in dirs]), FileSystemLoader(str(HERE / "templates"))])
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.loader = loader
        self.templates.env.globals["department_name"] = department_name
        self.templates.env.filters["when"] = when

    def lang(self, request: Request) -> str:
        asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
        return asked if asked in LANGS else "tr"

    async def principal(self, request: Request) -> Principal | None:
        """The signed-in key, or None (no cookie, unknown or revoked key, rate limit)."""
        secret = request.cookies.get(self.cookie)
        if not secret:
            return None
        try:
            return await authenticate(request, secret)
        except HTTPException:
            return None

    def secret(self, request: Request) -> str | None:
        """The key itself, for calls this page makes to other services' APIs on the person's behalf."""
        return request.cookies.get(self.cookie)

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = self.lang(request)
        other = "en" if lang == "tr" else "tr"
        query = {**request.query_params, "lang": other}
        context.setdefault("principal", None)
        context.update(lang=lang, t=self.texts[lang], service=self.service,
                       switch_url=f"{request.url.path}?{urlencode(query)}", other_lang=other,
                       current=str(request.url.path))
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") in LANGS:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict",
                                secure=self.secure_cookie)
        response.headers["Cache-Control"] = "no-store"
        return response

    def signin(self, request: Request, *, status: int = 401, error: str | None = None,
               roles: Iterable[Role] = ()) -> HTMLResponse:
        return self.render(request, "signin.html", status=status, error=error,
                           next=safe_next(str(request.url.path) + (f"?{request.url.query}" if request.url.query
                                                                     else ""), self.home),
                           roles=[r.value for r in roles])

    async def require(self, request: Request, *roles: Role) -> Principal | HTMLResponse:
        """The principal when it may open the page; otherwise the sign-in page to answer with."""
        principal = await self.principal(request)
        if principal is None:
            return self.signin(request, roles=roles)
        if roles and principal.role not in roles:
            return self.signin(request, status=403, error="wrong_role", roles=roles)
        return principal

    def signin_router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)

        @router.get("/giris", response_class=HTMLResponse)
        async def signin_form(request: Request, next: str | None = None) -> Response:
            return self.render(request, "signin.html", status=200, error=None,
                               next=safe_next(next, self.home), roles=[])

        @router.post("/giris", response_class=HTMLResponse)
        async def signin(request: Request) -> Response:
            form = await request.form()
            secret = str(form.get("key", "")).strip()
            target = safe_next(str(form.get("next", "")), self.home)
            try:
                principal = await authenticate(request, secret) if secret else None
            except HTTPException:
                principal = None
            if principal is None:
                return self.render(request, "signin.html", status=401, error="bad_key", next=target, roles=[])
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.cookie, secret, httponly=True, samesite="strict", secure=self.secure_cookie,
                                max_age=12 * 3600, path="/")
            return response

        @router.post("/cikis")
        async def signout() -> Response:
            response = RedirectResponse(f"/giris?{urlencode({'next': self.home})}", status_code=303)
            response.delete_cookie(self.cookie, path="/", httponly=True, samesite="strict", secure=self.secure_cookie)
            return response

        return router
