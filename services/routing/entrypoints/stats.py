"""GET /v1/stats: open, overdue and escalated cases per department (staff and admins)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.routing.adapters.stats import MongoCaseStats
from shared.auth import Principal, require
from shared.enums import Role

router = APIRouter(prefix="/v1", tags=["stats"])


@router.get("/stats", summary="Open, overdue and escalated cases, in total and per department",
            responses={401: {"description": "Missing or unknown key"}, 403: {"description": "Not staff or admin"}})
async def stats(request: Request, _: Annotated[Principal, Depends(require(Role.STAFF, Role.ADMIN))]
                ) -> dict[str, Any]:
    figures = await MongoCaseStats(request.app.state.db).figures(datetime.now(UTC))
    return {"at": datetime.now(UTC).isoformat(), **figures}
