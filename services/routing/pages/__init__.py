"""Routing's page: the department inbox (/gelen-kutusu). A department key sees its own open cases
(overdue first, SLA countdown, duplicates grouped) and acknowledges, starts, resolves, rejects or
reassigns them; staff, admins and the supervisor (triage) may look at any department."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from services.routing.pages.texts import TEXTS
from shared.settings import CommonSettings
from shared.web import STATIC, Pages

HERE = Path(__file__).parent


def install(app: FastAPI, settings: CommonSettings) -> None:
    from services.routing.pages import inbox

    kit = Pages("routing", [HERE / "templates"], TEXTS, secure_cookie=not settings.is_local, home="/gelen-kutusu")
    app.state.routing_pages = kit
    app.mount("/static/irtibat", StaticFiles(directory=STATIC), name="irtibat-static")
    app.mount("/static/routing", StaticFiles(directory=HERE / "static"), name="routing-static")
    app.include_router(kit.signin_router())
    app.include_router(inbox.router)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/gelen-kutusu", status_code=307)
