"""Intake's pages: the desk console (/masa), the citizen's tracking page (/takip) and the ops board
(/ops). Server-rendered with Jinja2, Turkish first (`?lang=en`), signed in with an API key kept in an
HttpOnly, SameSite=Strict cookie (shared/web)."""

from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from services.intake.application.staff import StaffQueries
from services.intake.bootstrap import Intake
from services.intake.pages.texts import TEXTS
from services.intake.settings import IntakeSettings
from shared.enums import Role
from shared.web import STATIC, Pages

HERE = Path(__file__).parent
NAV = [("/masa", "nav_desk"), ("/takip", "nav_track"), ("/ops", "nav_ops"), ("/ops/anahtarlar", "nav_keys")]


def nav_for(principal) -> list[tuple[str, str]]:
    """The menu a key may use: the ops board and keys only for admins."""
    admin = principal is not None and principal.role == Role.ADMIN
    return [item for item in NAV if admin or not item[0].startswith("/ops")]


@dataclass
class IntakePages:
    kit: Pages
    intake: Intake
    staff: StaffQueries
    settings: IntakeSettings
    client: httpx.AsyncClient


def of(request: Request) -> IntakePages:
    return request.app.state.intake_pages


def install(app: FastAPI, intake: Intake, staff: StaffQueries, settings: IntakeSettings) -> None:
    from services.intake.pages import desk, keys, ops, tracking

    kit = Pages("intake", [HERE / "templates"], TEXTS, secure_cookie=not settings.is_local, home="/masa")
    client = httpx.AsyncClient(timeout=httpx.Timeout(3.0, connect=1.0))
    app.state.intake_pages = IntakePages(kit, intake, staff, settings, client)
    intake.runtime.on_stop.append(client.aclose)
    app.mount("/static/irtibat", StaticFiles(directory=STATIC), name="irtibat-static")
    app.mount("/static/intake", StaticFiles(directory=HERE / "static"), name="intake-static")
    app.include_router(kit.signin_router())
    for module in (desk, tracking, ops, keys):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/takip", status_code=307)
