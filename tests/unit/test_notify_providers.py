"""Provider failures map onto transient or permanent; webhooks are signed over timestamp and body."""

import asyncio
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import test_utils, web

from services.notify.adapters.providers import HttpSms, SmtpEmail, Webhook, sign, verify
from services.notify.application.ports import Delivery, PermanentDeliveryError, TransientDeliveryError

pytestmark = pytest.mark.unit


@dataclass
class Gateway:
    """A real local HTTP gateway (aiohttp on 127.0.0.1, ephemeral port) that records each request
    and answers with whatever `reply` is set to."""

    url: str
    seen: list[dict[str, Any]] = field(default_factory=list)
    reply: web.Response | None = None
    delay_s: float = 0.0


@pytest.fixture
async def gateway():
    state = Gateway(url="")

    async def messages(request: web.Request) -> web.StreamResponse:
        state.seen.append({"method": request.method, "path": request.path, "headers": request.headers,
                           "body": await request.read()})
        if state.delay_s:
            await asyncio.sleep(state.delay_s)
        return state.reply or web.json_response({"id": "gw-9"}, status=202)

    app = web.Application()
    app.router.add_post("/v1/messages", messages)
    server = test_utils.TestServer(app, host="127.0.0.1")
    await server.start_server()
    state.url = str(server.make_url("/"))
    try:
        yield state
    finally:
        await server.close()


@pytest.fixture
async def sms(gateway):
    provider = HttpSms(url=gateway.url, token="t0k", sender="ALO153", timeout_s=5.0)
    try:
        yield provider
    finally:
        await provider.aclose()


DELIVERY = Delivery("n-1", "sms", "0532 123 45 67", "Merhaba")


async def test_sms_success_returns_the_gateway_id_and_sends_e164_with_the_token(sms, gateway):
    assert await sms.send(DELIVERY) == "gw-9"
    [request] = gateway.seen
    assert request["method"] == "POST" and request["path"] == "/v1/messages"
    assert json.loads(request["body"]) == {"to": "+905321234567", "text": "Merhaba", "sender": "ALO153",
                                           "reference": "n-1"}
    headers = request["headers"]
    assert headers["Authorization"] == "Bearer t0k" and headers["Idempotency-Key"] == "n-1"
    assert headers["Content-Type"] == "application/json"
    # One session, kept alive: the second SMS reuses it.
    session = sms._session
    assert await sms.send(DELIVERY) == "gw-9" and sms._session is session and len(gateway.seen) == 2


async def test_sms_text_is_sent_as_utf8_json(sms, gateway):
    await sms.send(Delivery("n-3", "sms", "+905321234567", "Başvurunuz İşleme alındı"))
    body = gateway.seen[0]["body"]
    assert "İşleme".encode() in body and json.loads(body)["text"] == "Başvurunuz İşleme alındı"


@pytest.mark.parametrize("status", [500, 502, 503, 429, 408])
async def test_sms_server_errors_are_transient(sms, gateway, status):
    gateway.reply = web.Response(status=status)
    with pytest.raises(TransientDeliveryError, match=str(status)):
        await sms.send(DELIVERY)


@pytest.mark.parametrize("status", [400, 401, 404, 422])
async def test_sms_client_errors_are_permanent(sms, gateway, status):
    gateway.reply = web.Response(status=status)
    with pytest.raises(PermanentDeliveryError, match=str(status)):
        await sms.send(DELIVERY)


async def test_sms_connection_failures_and_timeouts_are_transient(gateway):
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = HttpSms(url=f"http://127.0.0.1:{port}", token="t0k", sender="ALO153", timeout_s=5.0)
    try:
        with pytest.raises(TransientDeliveryError, match="SMS gateway unavailable"):
            await refused.send(DELIVERY)
    finally:
        await refused.aclose()

    gateway.delay_s = 1.0
    slow = HttpSms(url=gateway.url, token="t0k", sender="ALO153", timeout_s=0.1)
    try:
        with pytest.raises(TransientDeliveryError, match="SMS gateway unavailable"):
            await slow.send(DELIVERY)
    finally:
        await slow.aclose()


async def test_an_invalid_number_fails_permanently_without_calling_the_gateway(sms, gateway):
    for bad in ("+90 12", "not a number"):
        with pytest.raises(PermanentDeliveryError, match="invalid phone"):
            await sms.send(Delivery("n-1", "sms", bad, "x"))
    assert gateway.seen == []


@pytest.mark.parametrize("reply", [web.Response(status=202, text="accepted"),
                                   web.json_response({"status": "accepted"}, status=202),
                                   web.json_response(["gw-9"], status=200)])
async def test_an_answer_without_a_json_id_is_recorded_by_status(sms, gateway, reply):
    gateway.reply = reply
    assert await sms.send(DELIVERY) == f"http-{reply.status}"


async def test_a_closed_provider_refuses_to_send(gateway):
    provider = HttpSms(url=gateway.url, token="t0k", sender="ALO153")
    await provider.send(DELIVERY)
    await provider.aclose()
    with pytest.raises(RuntimeError):
        await provider.send(DELIVERY)


async def test_an_invalid_e_mail_address_fails_permanently_before_smtp():
    mail = SmtpEmail(host="127.0.0.1", port=1, sender="a@kayseri.bel.tr")
    with pytest.raises(PermanentDeliveryError, match="invalid e-mail"):
        await mail.send(Delivery("n-1", "email", "not-an-address", "x", "s"))


def test_signature_covers_timestamp_and_body():
    now = time.time()
    ts = str(int(now))
    sig = sign("s3cret", ts, b'{"a":1}')
    assert sig.startswith("sha256=") and verify("s3cret", ts, b'{"a":1}', sig, now=now)
    assert not verify("s3cret", ts, b'{"a":2}', sig, now=now)
    assert not verify("other", ts, b'{"a":1}', sig, now=now)
    assert not verify("s3cret", str(int(now) - 1), b'{"a":1}', sig, now=now)
    assert not verify("s3cret", ts, b'{"a":1}', sig, now=now + 301)  # replayed later


async def test_webhook_sends_signed_headers_and_maps_errors():
    seen: list[httpx.Request] = []
    status = {"code": 200}

    def handler(request):
        seen.append(request)
        return httpx.Response(status["code"], headers={"X-Request-Id": "r-1"})

    hook = Webhook(httpx.AsyncClient(transport=httpx.MockTransport(handler)), default_secret="default")
    delivery = Delivery("n-2", "webhook", "http://dept.test/hook", '{"tracking_no":"153-2026-000001"}',
                        secret="dept-secret")
    assert await hook.send(delivery) == "r-1"
    h = seen[0].headers
    assert verify("dept-secret", h["x-irtibat-timestamp"], seen[0].content, h["x-irtibat-signature"])
    status["code"] = 503
    with pytest.raises(TransientDeliveryError):
        await hook.send(delivery)
    status["code"] = 410
    with pytest.raises(PermanentDeliveryError):
        await hook.send(delivery)
