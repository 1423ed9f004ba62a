"""FastAPI dependencies and the mapping of use-case errors to HTTP answers."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from services.events.application.errors import Conflict, NotFound, Refused
from services.events.application.ports import Ports
from shared.auth import Principal, require
from shared.enums import Channel, Role


def _ports(request: Request) -> Ports:
    return request.app.state.ports


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


PortsDep = Annotated[Ports, Depends(_ports)]
NowDep = Annotated[datetime, Depends(_now)]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Staff = Annotated[Principal, Depends(require(Role.STAFF, Role.ADMIN))]


async def _visit_counter(principal: Annotated[Principal, Depends(require(Role.STAFF, Role.ADMIN, Role.CHANNEL))]
                         ) -> Principal:
    """Desk staff, admins, or a door counter (a walk-in channel key)."""
    if principal.role == Role.CHANNEL and principal.channel != Channel.WALK_IN:
        raise HTTPException(403, "only staff or a walk-in door counter may post visits")
    return principal


VisitCounter = Annotated[Principal, Depends(_visit_counter)]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": f"{exc.what} not found"}, status_code=404)

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse({"detail": {"reason": exc.reason, "message": exc.message}}, status_code=409)

    @app.exception_handler(Refused)
    async def refused(_: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"detail": [r.as_dict() for r in exc.refusals]}, status_code=422)
