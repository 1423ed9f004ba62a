"""The citizen's tracking page: tracking number + the phone's last four digits → the timeline in
plain Turkish (English on request), without personal data. Public; rate-limited like the API."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.intake.application.queries import NotFound
from services.intake.pages import NAV, of
from services.intake.pages.forms import is_tracking_no

router = APIRouter(include_in_schema=False)
PUBLIC_NAV = [n for n in NAV if n[0] == "/takip"]
LAST4 = re.compile(r"^\d{4}$")


@router.get("/takip", response_class=HTMLResponse)
async def form(request: Request) -> Response:
    return of(request).kit.render(request, "track.html", nav=PUBLIC_NAV, values={}, errors=[], result=None)


@router.post("/takip", response_class=HTMLResponse)
async def look_up(request: Request) -> Response:
    ctx = of(request)
    data = await request.form()
    tracking_no = str(data.get("tracking_no", "")).strip().upper()
    last4 = str(data.get("last4", "")).strip()
    values = {"tracking_no": tracking_no}
    errors = []
    if not is_tracking_no(tracking_no):
        errors.append({"id": "tracking_no", "key": "invalid_tracking_no"})
    if not LAST4.match(last4):
        errors.append({"id": "last4", "key": "invalid_last4"})
    if errors:
        return ctx.kit.render(request, "track.html", status=422, nav=PUBLIC_NAV, values=values, errors=errors,
                              result=None)
    client = request.client.host if request.client else "unknown"
    intake = ctx.intake
    for limiter, key in ((intake.track_per_client, f"ip:{client}"), (intake.track_per_number, f"no:{tracking_no}")):
        if limiter.hit(key):
            return ctx.kit.render(request, "track.html", status=429, nav=PUBLIC_NAV, values=values, result=None,
                                  errors=[{"id": "tracking_no", "key": "track_too_many"}])
    try:
        result = await intake.queries.track(tracking_no, None, last4)
    except NotFound:
        return ctx.kit.render(request, "track.html", status=404, nav=PUBLIC_NAV, values=values, result=None,
                              errors=[{"id": "tracking_no", "key": "track_not_found"}])
    department = next((e["department"] for e in reversed(result["timeline"]) if e.get("department")), None)
    return ctx.kit.render(request, "track.html", nav=PUBLIC_NAV, values={}, errors=[], result=result,
                          department=department)
