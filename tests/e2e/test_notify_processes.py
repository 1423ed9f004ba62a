"""Notify and the local gateways as separate processes: real SMTP and HTTP on the wire, files on
disk, and messages that wait in notify's queue while it is down."""

import asyncio
import json
import uuid

import httpx
import pytest

from tests.integration.test_notify_helpers import NotifyEnv, registered, routed, status_changed
from tests.support.gateways import Gateways
from tests.support.infra import ServiceProcess
from tests.support.waiting import poll

pytestmark = pytest.mark.e2e
TOKEN = "e2e-sms-token"


def sms_lines(gateways: Gateways, phone: str) -> list[dict]:
    return [m for m in gateways.sms() if m["to"] == phone]


def mails(gateways: Gateways, tn: str) -> list[str]:
    return [t for t in (p.read_text(errors="replace") for p in gateways.mails()) if tn in t]


@pytest.fixture
def gateways():
    running = Gateways(TOKEN).start()
    yield running
    running.stop()


def test_messages_wait_while_notify_is_down_and_arrive_once_it_is_back(rabbit_url, mongo_url, gateways):
    env = {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "MONGO_DATABASE": f"notify_e2e_{uuid.uuid4().hex[:6]}",
           **gateways.notify_env(), "RETRY_BASE_MS": "100", "RETRY_MAX_MS": "500",
           "IRTIBAT_ENV": "local"}
    notify = ServiceProcess("notify", env).start().wait_ready()
    publisher = NotifyEnv(None, None, None, None, None, [], rabbit_url=rabbit_url)  # type: ignore[arg-type]
    tn, tel, mail = f"153-2026-{uuid.uuid4().int % 10**6:06d}", f"+90533{uuid.uuid4().int % 10**7:07d}", \
        f"e2e{uuid.uuid4().hex[:6]}@example.com"
    try:
        asyncio.run(publisher.publish(registered(tn, phone=tel, email=mail)))
        first = poll(lambda: sms_lines(gateways, tel), what="the receipt SMS")
        assert tn in first[0]["text"] and "Başvurunuz alındı" in first[0]["text"]
        poll(lambda: mails(gateways, tn), what="the receipt e-mail")

        notify.stop()
        asyncio.run(publisher.publish(routed(tn, 1)))  # waits in notify.applications
        notify = ServiceProcess("notify", env).start().wait_ready()
        sms = poll(lambda: len(sms_lines(gateways, tel)) >= 2 and sms_lines(gateways, tel), what="routed after restart")
        assert "Fen İşleri Dairesi" in sms[1]["text"]

        # The citizen answers IPTAL through the gateway: no SMS from then on, e-mail continues.
        r = httpx.post(f"{notify.base_url}/v1/sms/inbound", json={"from": tel, "text": "IPTAL"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.json() == {"action": "opted_out"}
        asyncio.run(publisher.publish(status_changed(tn, 2, "resolved", "Yol onarıldı.")))
        poll(lambda: len(mails(gateways, tn)) >= 3, what="the resolved e-mail")
        log = httpx.get(f"{notify.base_url}/v1/notifications", params={"correlation_id": tn},
                        headers={"X-API-Key": "dev-admin"}).json()["items"]
        assert sorted((i["template"], i["channel"], i["status"]) for i in log) == [
            ("case_resolved", "email", "sent"), ("case_resolved", "sms", "skipped"),
            ("case_routed", "email", "sent"), ("case_routed", "sms", "sent"),
            ("receipt", "email", "sent"), ("receipt", "sms", "sent")]
        assert len(sms_lines(gateways, tel)) == 2
        assert all(tel not in json.dumps(i) and mail not in json.dumps(i) for i in log)
        assert tel not in notify.logs() and mail not in notify.logs()
    finally:
        notify.stop()
