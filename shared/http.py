"""HTTP behaviour every service shares: honest 503s when the database is away, shedding load
with 503 + Retry-After instead of falling over when a copy has more requests in flight than it can
serve, a bound on request bodies (413), and a 405 whose `Allow` names every method of the path."""

import json
import re

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

RETRY_AFTER_S = "2"
_EXEMPT_PREFIXES = ("/health/", "/metrics")


def install(app: FastAPI, *, max_in_flight: int, max_body_bytes: int = 1_048_576) -> None:
    @app.exception_handler(ConnectionFailure)
    async def database_unavailable(_request: Request, _exc: ConnectionFailure) -> JSONResponse:
        # Never a lie of success: nothing was stored, and the caller may safely retry.
        return JSONResponse({"detail": "storage is temporarily unavailable; nothing was stored, retry later"},
                            status_code=503, headers={"Retry-After": RETRY_AFTER_S})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer, except that text which cannot be written as UTF-8 (a lone surrogate
        # such as "\ud800" sent in the body) is replaced instead of failing the answer with a 500.
        return JSONResponse({"detail": _writable(jsonable_encoder(exc.errors()))}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            # Starlette names only the first route whose path matched; a path served by two routes
            # (GET and POST of one resource) must answer with both.
            headers = {**(exc.headers or {}), "Allow": ", ".join(allowed_methods(request))}
            return JSONResponse({"detail": exc.detail}, status_code=405, headers=headers)
        return await http_exception_handler(request, exc)

    app.add_middleware(LoadShedding, max_in_flight=max_in_flight)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)


def _writable(value):
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, dict):
        return {_writable(k): _writable(v) for k, v in value.items()}
    return value


def allowed_methods(request: Request) -> list[str]:
    """Methods of the documented routes serving this path (a catch-all only when none is)."""
    documented: set[str] = set()
    undocumented: set[str] = set()
    for route in request.app.router.routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(request.scope)[0] != Match.NONE:
            (documented if getattr(route, "include_in_schema", True) else undocumented).update(route_methods)
    return sorted(documented or undocumented)


class BodyTooLarge(HTTPException):
    """Raised while the body is read, so FastAPI passes it on as it is (an HTTPException) → 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body too large: at most {max_bytes} bytes are accepted")


class BodyLimit:
    """Refuses bodies over `max_bytes` (413): at once by Content-Length, else while reading. A JSON
    body is read whole (it is bounded) and refused with 400 unless it is UTF-8 text without unpaired
    surrogates (`"\\ud800"`), which no database or answer can hold."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                return await _answer(scope, receive, send, 400, "invalid Content-Length header")
            if int(declared) > self.max_bytes:
                return await _answer(scope, receive, send, 413, BodyTooLarge(self.max_bytes).detail)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        content_type = headers.get(b"content-type", b"").lower()
        if scope["method"] not in _WITH_BODY or not (not content_type or b"json" in content_type):
            return await self.app(scope, limited_receive, send)
        chunks: list[bytes] = []
        try:
            while True:
                message = await limited_receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    break
        except BodyTooLarge as exc:
            return await _answer(scope, receive, send, 413, exc.detail)
        body = b"".join(chunks)
        problem = _text_problem(body)
        if problem:
            return await _answer(scope, receive, send, 400, problem)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _text_problem(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "request body is not valid UTF-8"
    if _SURROGATE_ESCAPE.search(body):  # rare: only then parse, to tell pairs from lone halves
        try:
            parsed = json.loads(body)
        except ValueError:
            return None  # broken JSON: the route answers that itself
        if _has_lone_surrogate(parsed):
            return "request body holds an unpaired UTF-16 surrogate escape (\\ud800-\\udfff)"
    return None


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return bool(_SURROGATES.search(value))
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    return False


async def _answer(scope, receive, send, status: int, detail: str) -> None:
    response = JSONResponse({"detail": detail}, status_code=status, headers={"Connection": "close"})
    await response(scope, receive, send)


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
