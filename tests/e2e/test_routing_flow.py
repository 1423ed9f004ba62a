"""Routing as its own process against real RabbitMQ: a registered application reaches
`dept.<code>`, the department reads and moves it over HTTP and AMQP, /v1/classify answers."""

import asyncio
import time

import httpx
import pytest

from shared.contracts.routing import UpdateCase
from shared.enums import Department
from tests.integration.test_routing_helpers import Watch, fresh_version, publish, publish_catalogue, registered
from tests.support.infra import ServiceProcess, running

pytestmark = pytest.mark.e2e
KASKI = {"X-API-Key": "dev-dept-kaski"}


@pytest.fixture(scope="module")
def routing_process(rabbit_url, mongo_url):
    proc = ServiceProcess("routing", {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local",
                                      "MONGO_DATABASE": "e2e_routing", "CONFIG_CACHE_S": "0"})
    with running([proc], timeout=90):
        yield proc


def _until(check, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout}s")


def _status(proc, tn, status):
    response = httpx.get(f"{proc.base_url}/v1/cases/{tn}", headers=KASKI)
    return response.status_code == 200 and response.json()["status"] == status and response.json()


def test_application_reaches_the_department_queue_and_the_department_works_it(routing_process, rabbit_url):
    proc = routing_process
    asyncio.run(publish_catalogue(rabbit_url, version=fresh_version()))
    _until(lambda: httpx.post(f"{proc.base_url}/v1/classify", headers={"X-API-Key": "dev-staff"},
                              json={"text": "su yok", "service_code": "su-ariza"}).json()["path"] == "code")
    request = registered("Sokağımızda 2 gündür su yok, 0532 111 22 33", service_code="su-ariza",
                         location={"district": "Kocasinan", "neighbourhood": "Erkilet"},
                         citizen={"name": "Ali Veli", "phone": "+905321112233"}, consent={"department_contact": True})
    tn = request.tracking_no

    async def flow():
        async with Watch(rabbit_url) as watch:
            await publish(rabbit_url, request)
            item = (await watch.wait_for("dept.kaski", tn, "case.work_item", timeout=30))[0]
            routed = (await watch.wait_for("events", tn, "case.routed", timeout=30))[0]
            return item, routed

    item, routed = asyncio.run(flow())
    body = item["body"]
    assert body["department"] == "kaski" and body["reason"] == "new" and body["case_version"] == 1
    assert body["contact"]["phone"] == "+905321112233" and body["location"]["neighbourhood"] == "Erkilet"
    assert item["correlation_id"] == tn and item["headers"]["schema"] == "case.work_item/1"
    assert routed["body"]["path"] == "code" and routed["body"]["due_at"]

    assert httpx.get(f"{proc.base_url}/v1/cases/{tn}", headers={"X-API-Key": "dev-dept-cevre"}).status_code == 403
    ack = httpx.post(f"{proc.base_url}/v1/cases/{tn}/transitions", headers=KASKI, json={"to": "acknowledged"})
    assert ack.status_code == 200 and ack.json()["case_version"] == 2
    asyncio.run(publish(rabbit_url, UpdateCase(tracking_no=tn, to="in_progress", note="ekip yolda"),
                        routing_key="case.update.kaski", message_id=f"e2e-{tn}"))
    case = _until(lambda: _status(proc, tn, "in_progress"))
    assert case["case_version"] == 3 and [h["via"] for h in case["history"]][-1] == "amqp"
    illegal = httpx.post(f"{proc.base_url}/v1/cases/{tn}/transitions", headers=KASKI, json={"to": "acknowledged"})
    assert illegal.status_code == 409


def test_classify_answers_with_the_trained_model(routing_process):
    response = httpx.post(f"{routing_process.base_url}/v1/classify", headers={"X-API-Key": "dev-web"},
                          json={"text": "COP ALINMADI 3 GUNDUR kokudan durulmuyor", "district": "Melikgazi"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["department"] in {d.value for d in Department}
    assert answer["path"] in ("classifier", "triage") and answer["urgent"] is False
    assert all(a["department"] in {d.value for d in Department} for a in answer["alternatives"])
    gas = httpx.post(f"{routing_process.base_url}/v1/classify", headers={"X-API-Key": "dev-staff"},
                     json={"text": "apartmanda dogalgaz kokusu var"}).json()
    assert gas["urgent"] is True and gas["emergency"] == "gas"
    assert httpx.post(f"{routing_process.base_url}/v1/classify", json={"text": "x"}).status_code == 401
