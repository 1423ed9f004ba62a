"""Provider failures map onto transient or permanent; webhooks are signed over timestamp and body."""

import json
import time

import httpx
import pytest

from services.notify.adapters.providers import HttpSms, SmtpEmail, Webhook, sign, verify
from services.notify.application.ports import Delivery, PermanentDeliveryError, TransientDeliveryError

pytestmark = pytest.mark.unit


def sms_with(handler) -> tuple[HttpSms, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    return HttpSms(client, url="http://gw.test/", token="t0k", sender="ALO153"), seen


DELIVERY = Delivery("n-1", "sms", "0532 123 45 67", "Merhaba")


async def test_sms_success_returns_the_gateway_id_and_sends_e164_with_the_token():
    sms, seen = sms_with(lambda r: httpx.Response(202, json={"id": "gw-9"}))
    assert await sms.send(DELIVERY) == "gw-9"
    body = json.loads(seen[0].content)
    assert body["to"] == "+905321234567" and body["reference"] == "n-1"
    assert seen[0].headers["authorization"] == "Bearer t0k" and seen[0].headers["idempotency-key"] == "n-1"
    assert str(seen[0].url) == "http://gw.test/v1/messages"


@pytest.mark.parametrize("status", [500, 502, 503, 429, 408])
async def test_sms_server_errors_are_transient(status):
    sms, _ = sms_with(lambda r: httpx.Response(status))
    with pytest.raises(TransientDeliveryError):
        await sms.send(DELIVERY)


@pytest.mark.parametrize("status", [400, 401, 404, 422])
async def test_sms_client_errors_are_permanent(status):
    sms, _ = sms_with(lambda r: httpx.Response(status))
    with pytest.raises(PermanentDeliveryError, match=str(status)):
        await sms.send(DELIVERY)


async def test_sms_connection_failures_and_timeouts_are_transient():
    def fail(request):
        raise httpx.ConnectError("refused")

    sms, _ = sms_with(fail)
    with pytest.raises(TransientDeliveryError):
        await sms.send(DELIVERY)

    def slow(request):
        raise httpx.ReadTimeout("slow")

    sms, _ = sms_with(slow)
    with pytest.raises(TransientDeliveryError):
        await sms.send(DELIVERY)


async def test_an_invalid_number_fails_permanently_without_calling_the_gateway():
    sms, seen = sms_with(lambda r: httpx.Response(202, json={"id": "x"}))
    for bad in ("+90 12", "not a number"):
        with pytest.raises(PermanentDeliveryError, match="invalid phone"):
            await sms.send(Delivery("n-1", "sms", bad, "x"))
    assert seen == []


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
