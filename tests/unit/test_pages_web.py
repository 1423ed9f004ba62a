"""shared/web: sign-in with a key kept in an HttpOnly, SameSite=Strict cookie, roles, language,
safe redirects and the time format of every page."""

from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from shared.auth import Principal
from shared.enums import Role
from shared.web import Pages, safe_next
from shared.web.pages import when

pytestmark = pytest.mark.unit
KEYS = {"dev-staff": Principal(key_id="dev-staff", role=Role.STAFF),
        "dev-phone": Principal(key_id="dev-phone", role=Role.CHANNEL, channel="phone")}


class FakeKeys:
    async def lookup(self, secret: str) -> Principal | None:
        return KEYS.get(secret)


def app() -> FastAPI:
    application = FastAPI()
    application.state.keys = FakeKeys()
    kit = Pages("test", [], {"tr": {"site": "Deneme"}, "en": {"site": "Test"}}, home="/staff")
    application.include_router(kit.signin_router())

    @application.get("/staff")
    async def staff_only(request: Request) -> Response:
        principal = await kit.require(request, Role.STAFF)
        if isinstance(principal, Response):
            return principal
        return PlainTextResponse(f"hello {principal.key_id}")

    return application


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url="http://pages.test")


async def test_signing_in_sets_an_httponly_samesite_strict_cookie_and_returns_to_the_page():
    async with client() as c:
        first = await c.get("/staff")
        assert first.status_code == 401 and 'name="next" value="/staff"' in first.text
        answer = await c.post("/giris", data={"key": "dev-staff", "next": "/staff"})
        assert answer.status_code == 303 and answer.headers["location"] == "/staff"
        cookie = answer.headers["set-cookie"].lower()
        assert cookie.startswith("irtibat_test_key=dev-staff")
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
        assert (await c.get("/staff")).text == "hello dev-staff"
        out = await c.post("/cikis")
        assert out.status_code == 303 and 'irtibat_test_key=""' in out.headers["set-cookie"]
        assert (await c.get("/staff")).status_code == 401


async def test_an_unknown_key_is_refused_and_a_key_of_another_role_cannot_open_the_page():
    async with client() as c:
        bad = await c.post("/giris", data={"key": "nope", "next": "/staff"})
        assert bad.status_code == 401 and "tanınmadı" in bad.text and "set-cookie" not in bad.headers
        assert (await c.post("/giris", data={"key": "", "next": "/staff"})).status_code == 401
        await c.post("/giris", data={"key": "dev-phone", "next": "/staff"})
        wrong = await c.get("/staff")
        assert wrong.status_code == 403 and "bu sayfayı açamaz" in wrong.text


async def test_the_sign_in_never_redirects_to_another_site():
    async with client() as c:
        answer = await c.post("/giris", data={"key": "dev-staff", "next": "https://evil.example/x"})
        assert answer.headers["location"] == "/staff"
    assert safe_next("//evil.example", "/home") == "/home"
    assert safe_next("/\\evil.example", "/home") == "/home"
    assert safe_next(None, "/home") == "/home"
    assert safe_next("/masa?x=1", "/home") == "/masa?x=1"


async def test_turkish_first_with_an_english_switch_that_is_remembered():
    async with client() as c:
        page = await c.get("/giris")
        assert '<html lang="tr">' in page.text and "Görevli girişi" in page.text and 'hreflang="en"' in page.text
        english = await c.get("/giris?lang=en")
        assert '<html lang="en">' in english.text and "Staff sign-in" in english.text
        assert "irtibat_lang=en" in english.headers["set-cookie"]
        assert '<html lang="en">' in (await c.get("/giris")).text
        c.cookies.set("irtibat_lang", "tr")
        assert '<html lang="tr">' in (await c.get("/giris?lang=xx")).text


def test_times_are_shown_in_istanbul_time_as_people_here_write_them():
    assert when("2026-11-29T10:31:36+00:00") == "29.11.2026 13:31"
    assert when("2026-11-29T13:31:36+03:00") == "29.11.2026 13:31"
    assert when(datetime(2026, 1, 2, 21, 5, tzinfo=UTC)) == "03.01.2026 00:05"
    assert when(None) == "" and when("yarın") == "yarın"
