"""HTTP behaviour every service shares: honest 503s when the database is away, and shedding load
with 503 + Retry-After instead of falling over when a copy has more requests in flight than it can
serve."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure

RETRY_AFTER_S = "2"
_EXEMPT_PREFIXES = ("/health/", "/metrics")


def install(app: FastAPI, *, max_in_flight: int) -> None:
    @app.exception_handler(ConnectionFailure)
    async def database_unavailable(_request: Request, _exc: ConnectionFailure) -> JSONResponse:
        # Never a lie of success: nothing was stored, and the caller may safely retry.
        return JSONResponse({"detail": "storage is temporarily unavailable; nothing was stored, retry later"},
                            status_code=503, headers={"Retry-After": RETRY_AFTER_S})

    app.add_middleware(LoadShedding, max_in_flight=max_in_flight)


class LoadShedding:
    """Pure ASGI middleware (no per-request task overhead)."""

    def __init__(self, app, max_in_flight: int) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self.shed = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(_EXEMPT_PREFIXES):
            return await self.app(scope, receive, send)
        if self.in_flight >= self.max_in_flight:
            self.shed += 1
            response = JSONResponse({"detail": "overloaded: too many requests in flight, retry later"},
                                    status_code=503, headers={"Retry-After": "1"})
            return await response(scope, receive, send)
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
