"""shared/http.py and shared/openapi.py on a small app: the body limit (413 by Content-Length and
while reading a chunked body), the 405 naming every method of a path, and the common answers in
the OpenAPI document."""

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

from shared import http
from shared.auth import api_key_header
from shared.openapi import add_common_responses, document_common_responses

pytestmark = pytest.mark.unit
LIMIT = 1000


class Body(BaseModel):
    text: str


def make_app() -> FastAPI:
    app = FastAPI()
    router = APIRouter()

    @router.post("/things")
    async def create(body: Body) -> dict:
        return {"length": len(body.text)}

    @router.get("/things")
    async def list_things(_: str | None = Depends(api_key_header)) -> list:
        return []

    @router.get("/things/{thing_id}")
    async def read(thing_id: str) -> dict:
        return {"id": thing_id}

    @router.api_route("/{rest:path}", methods=["GET", "PUT"], include_in_schema=False)
    async def catch_all(rest: str) -> dict:
        return {"unknown": rest}

    app.include_router(router)
    http.install(app, max_in_flight=10, max_body_bytes=LIMIT)
    document_common_responses(app)
    return app


async def call(method: str, path: str, **kwargs) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=make_app()), base_url="http://t") as client:
        return await client.request(method, path, **kwargs)


async def test_a_body_within_the_limit_is_served():
    r = await call("POST", "/things", json={"text": "a" * 100})
    assert r.status_code == 200 and r.json() == {"length": 100}


async def test_a_declared_oversized_body_is_413_before_it_is_read():
    r = await call("POST", "/things", json={"text": "a" * (LIMIT + 1)})
    assert r.status_code == 413
    assert f"at most {LIMIT} bytes" in r.json()["detail"]


async def test_a_chunked_oversized_body_is_413_while_reading():
    async def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"a" * 100
        yield b'"}'

    r = await call("POST", "/things", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


async def test_a_broken_content_length_is_400():
    r = await call("POST", "/things", content=b"{}", headers={"Content-Length": "12abc",
                                                              "Content-Type": "application/json"})
    assert r.status_code == 400


async def test_405_names_every_documented_method_of_the_path():
    r = await call("DELETE", "/things")
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) == {"GET", "POST"}
    # A path only a catch-all serves names the catch-all's methods.
    r = await call("DELETE", "/elsewhere")
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {"GET", "PUT"}


async def test_other_http_errors_keep_their_shape():
    r = await call("GET", "/things", headers={"X-API-Key": "x"})
    assert r.status_code == 200
    r = await call("POST", "/things", json={"wrong": 1})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "text"]


def test_openapi_declares_the_common_answers():
    spec = make_app().openapi()
    post = spec["paths"]["/things"]["post"]["responses"]
    get = spec["paths"]["/things"]["get"]["responses"]
    read = spec["paths"]["/things/{thing_id}"]["get"]["responses"]
    assert {"400", "413", "503"} <= set(post) and "401" not in post
    assert {"401", "403", "429", "503"} <= set(get) and "413" not in get
    assert "Retry-After" in get["429"]["headers"]
    assert set(read) == {"200", "422", "503"}
    assert spec["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]


def test_a_route_own_answer_is_never_replaced():
    spec = {"paths": {"/x": {"get": {"security": [{"k": []}],
                                     "responses": {"403": {"description": "mine"}}}}}}
    add_common_responses(spec)
    assert spec["paths"]["/x"]["get"]["responses"]["403"] == {"description": "mine"}
    assert "401" in spec["paths"]["/x"]["get"]["responses"]


@pytest.mark.parametrize("raw", [b'{"text": "\\ud800"}', b'{"text": "\xed\xa0\x80"}', b'{"text": 1, "x": "\xed\xa0\x80"}'])
async def test_text_that_is_not_utf8_or_holds_a_lone_surrogate_is_a_400_not_a_500(raw):
    r = await call("POST", "/things", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert "UTF" in r.json()["detail"]


async def test_surrogate_pairs_and_escaped_backslashes_are_fine():
    r = await call("POST", "/things", content=b'{"text": "\\ud83d\\ude00 \\\\ud800"}',
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json() == {"length": 8}, r.text


async def test_a_validation_error_never_fails_to_render():
    from fastapi.exceptions import RequestValidationError

    app = make_app()
    handler = app.exception_handlers[RequestValidationError]
    exc = RequestValidationError([{"type": "string_type", "loc": ("body", "text"), "msg": "bad", "input": "\ud800"}])
    response = await handler(None, exc)
    assert response.status_code == 422 and b'"input":"?"' in response.body
