"""A full run of the four services as processes (two routing copies), real RabbitMQ and the Mongo
stand-in, notify delivering through the local SMTP and SMS gateways:

- a key revoked at intake is refused by every copy of every service within a couple of seconds;
- a citizen's erasure requested at intake completes in routing, notify and events;
- no phone, e-mail, national id or name in any service's /metrics output or log, events included
  (tests/e2e/test_observability_trace.py checks spans and the logs of intake, routing and notify).
"""

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.support.gateways import Gateways
from tests.support.infra import ServiceProcess, running
from tests.support.waiting import poll

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PHONE, EMAIL, TCKN, NAME = "+905327659876", "Elif.Gizli@Example.com", "10000000146", "Elif Gizlioğlu"
ADDRESS = "Mahremiyet Sokak No:13"
NEEDLES = [PHONE, PHONE[3:], "532 765 98", EMAIL, EMAIL.lower(), TCKN, NAME, "Gizlioğlu", ADDRESS]
ADMIN, STAFF = {"X-API-Key": "dev-admin"}, {"X-API-Key": "dev-staff"}


@pytest.fixture(scope="module")
def services(rabbit_url, mongo_url):
    gateways = Gateways("sec-token").start()
    suffix = uuid.uuid4().hex[:6]
    common = {"MONGO_URL": mongo_url, "RABBIT_URL": rabbit_url, "IRTIBAT_ENV": "local",
              "OUTBOX_SCAN_INTERVAL_S": "0.5", "OUTBOX_GRACE_S": "0.5", "RETRY_BASE_MS": "200"}
    procs = {
        "intake": ServiceProcess("intake", {**common, "MONGO_DATABASE": f"sec_e2e_intake_{suffix}"}),
        "routing": ServiceProcess("routing", {**common, "MONGO_DATABASE": f"sec_e2e_routing_{suffix}"}),
        "routing-2": ServiceProcess("routing", {**common, "MONGO_DATABASE": f"sec_e2e_routing_{suffix}"}),
        "notify": ServiceProcess("notify", {**common, "MONGO_DATABASE": f"sec_e2e_notify_{suffix}",
                                            **gateways.notify_env()}),
        "events": ServiceProcess("events", {**common, "MONGO_DATABASE": f"sec_e2e_events_{suffix}"}),
    }
    try:
        with running(procs, timeout=120):
            yield procs, gateways
    finally:
        gateways.stop()


def call(proc: ServiceProcess, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(method, f"{proc.base_url}{path}", timeout=15, **kwargs)


def test_revocation_reaches_every_copy_of_every_service(services):
    procs, _ = services
    created = call(procs["intake"], "POST", "/v1/admin/keys", json={"role": "staff", "label": "e2e"}, headers=ADMIN)
    assert created.status_code == 201, created.text
    key_id, secret = created.json()["key_id"], created.json()["secret"]
    probes = {"intake": "/v1/stats", "routing": "/v1/stats", "routing-2": "/v1/stats",
              "notify": "/v1/preferences/+905321110000", "events": "/v1/stats"}

    def answers() -> dict[str, int]:
        return {name: call(procs[name], "GET", path, headers={"X-API-Key": secret}).status_code
                for name, path in probes.items()}

    poll(lambda: set(answers().values()) == {200}, 60, "the new key accepted by every copy")
    assert call(procs["intake"], "POST", f"/v1/admin/keys/{key_id}/revoke", headers=ADMIN).status_code == 200
    started = time.monotonic()
    poll(lambda: set(answers().values()) == {401}, 30, "the revoked key refused by every copy", every=0.05)
    elapsed = time.monotonic() - started
    print(f"\nrevocation refused by 5 processes after {elapsed:.2f} s")
    assert elapsed < 10


def test_erasure_completes_everywhere_and_no_personal_data_reaches_metrics_or_logs(services):
    procs, gateways = services
    body = {"kind": "complaint", "text": f"Sokak lambası yanmıyor, beni {PHONE} numarasından arayın",
            "location": {"district": "Kocasinan", "neighbourhood": "Sahabiye", "address": ADDRESS},
            "citizen": {"name": NAME, "phone": PHONE, "email": EMAIL, "national_id": TCKN},
            "consent": {"kvkk_ack": True, "notify_sms": True, "notify_email": True, "department_contact": True}}
    r = call(procs["intake"], "POST", "/v1/requests", json=body, headers={"X-API-Key": "dev-web"})
    assert r.status_code == 201, r.text
    tracking_no = r.json()["tracking_no"]
    start = datetime.now(UTC) + timedelta(days=2)
    event = call(procs["events"], "POST", "/v1/events", headers=ADMIN, json={
        "type": "career_day", "title_tr": "Gizlilik Kariyer Günü", "organiser": "halkla-iliskiler",
        "roles": ["job_seeker"], "sessions": [{"start": start.isoformat(),
                                               "end": (start + timedelta(hours=2)).isoformat(), "capacity": 20}]}).json()
    assert call(procs["events"], "POST", f"/v1/events/{event['id']}/state", json={"state": "published"},
                headers=ADMIN).status_code == 200
    r = call(procs["events"], "POST", f"/v1/events/{event['id']}/registrations", json={
        "session_id": event["sessions"][0]["id"], "name": NAME, "phone": PHONE, "email": EMAIL, "role": "job_seeker",
        "consent": {"kvkk_ack": True, "notify_sms": True, "notify_email": True}})
    assert r.status_code == 201, r.text
    # Everything happened: messages sent to the citizen, the case routed, staff looked things up.
    poll(lambda: len(gateways.mails()) >= 2, 90, "e-mails actually sent")
    poll(lambda: call(procs["routing"], "GET", f"/v1/cases/{tracking_no}", headers=STAFF).status_code == 200,
         60, "the case in routing")
    assert call(procs["intake"], "GET", f"/v1/requests/{tracking_no}", headers=STAFF).status_code == 200
    assert call(procs["intake"], "POST", "/v1/staff/requests/search", json={"phone": PHONE},
                headers=STAFF).status_code == 200
    assert call(procs["notify"], "GET", f"/v1/preferences/{PHONE}", headers=STAFF).status_code == 200
    assert call(procs["events"], "GET", f"/v1/events/{event['id']}/sessions/{event['sessions'][0]['id']}/registrations",
                headers=STAFF).status_code == 200
    assert call(procs["intake"], "POST", "/v1/admin/citizens/export", json={"phone": PHONE},
                headers=STAFF).status_code == 200

    r = call(procs["intake"], "POST", "/v1/admin/citizens/erasures", headers=ADMIN,
             json={"phone": PHONE, "email": EMAIL, "national_id": TCKN})
    assert r.status_code == 202, r.text
    erasure_id = r.json()["erasure_id"]
    status = poll(lambda: (s := call(procs["intake"], "GET", f"/v1/admin/citizens/erasures/{erasure_id}",
                                     headers=STAFF).json())["complete"] and s, 90, "erasure completed everywhere")
    assert status["services"]["routing"]["counts"]["cases"] == 1
    assert status["services"]["events"]["counts"]["registrations"] == 1
    assert status["services"]["notify"]["counts"]["contacts"] == 1
    case = call(procs["routing"], "GET", f"/v1/cases/{tracking_no}", headers=ADMIN).json()
    assert case["contact"] is None and PHONE[3:] not in case["text"]

    for name, proc in procs.items():
        metrics = call(proc, "GET", "/metrics")
        assert metrics.status_code == 200 and "irtibat" in metrics.text, name
        found = [n for n in NEEDLES if n in metrics.text]
        assert not found, f"{found} in {name}'s /metrics"
        logs = proc.logs()
        assert logs.strip(), f"{name} wrote no logs"
        found = [n for n in NEEDLES if n in logs]
        assert not found, f"{found} in {name}'s log"
    erasure_lines = [json.loads(line) for line in procs["intake"].logs().splitlines()
                     if line.startswith("{") and erasure_id in line]
    assert erasure_lines, "the erasure is not in intake's log"
