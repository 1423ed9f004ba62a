"""The ops board (admin key): applications today and since opening, by channel and department,
overdue cases, queue depths, dead letters, visitors, and a tracking number's trace in Jaeger."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.intake.pages import nav_for, of
from services.intake.pages.board import Sources, compose
from services.intake.pages.forms import is_tracking_no
from shared import deadletters
from shared.enums import Role

router = APIRouter(include_in_schema=False)


@router.get("/ops", response_class=HTMLResponse)
async def board(request: Request, iz: str | None = None) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    settings, runtime = ctx.settings, ctx.intake.runtime
    src = Sources(settings.routing_url, settings.notify_url, settings.events_url, settings.rabbit_management_url,
                  settings.rabbit_management_user, settings.rabbit_management_password, settings.rabbit_url)

    async def own_parked() -> list | None:
        try:
            return await asyncio.wait_for(
                deadletters.list_parked(settings.rabbit_url, runtime.consumer_queues, 20), timeout=3.0)
        except Exception:  # noqa: BLE001 - the broker away: the board says so
            return None

    parked, intake_stats = await asyncio.gather(own_parked(), ctx.staff.stats())
    figures = await compose(ctx.client, src, ctx.kit.secret(request) or "", parked)
    trace = None
    if iz:
        trace = await ctx.staff.trace(iz) if is_tracking_no(iz) else {"tracking_no": iz.strip(), "found": False}
    return ctx.kit.render(request, "ops.html", principal=principal, nav=nav_for(principal), intake=intake_stats,
                          f=figures, trace=trace, jaeger=settings.jaeger_ui_url.rstrip("/"))
