"""All four services as separate processes: ready, documented, and honest about readiness."""

import time

import httpx
import pytest

from shared import topology
from tests.support.infra import ServiceProcess, free_port, running

pytestmark = pytest.mark.e2e
SERVICES = ["intake", "routing", "notify", "events"]


@pytest.fixture(scope="module")
def stack(rabbit_url, mongo_url, tmp_path_factory):
    env = {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local",
           "SMTP_PORT": str(free_port()), "SMS_GATEWAY_URL": f"http://127.0.0.1:{free_port()}/sms"}
    procs = {name: ServiceProcess(name, {**env, "MONGO_DATABASE": f"stack_{name}"}) for name in SERVICES}
    with running(procs, timeout=90):
        yield procs


def test_every_service_is_live_ready_and_serves_openapi(stack):
    for name, proc in stack.items():
        assert httpx.get(f"{proc.base_url}/health/live").json() == {"status": "live"}
        ready = httpx.get(f"{proc.base_url}/health/ready").json()
        assert ready["ready"] is True and ready["checks"]["database"] is True, name
        assert httpx.get(f"{proc.base_url}/openapi.json").json()["info"]["title"].startswith("İrtibat")


def test_each_asyncapi_document_lists_the_service_channels(stack):
    for name, proc in stack.items():
        doc = httpx.get(f"{proc.base_url}/asyncapi.json").json()
        addresses = {c.get("address") for c in doc["channels"].values()}
        for queue in topology.CONSUMER_QUEUES:
            if queue.service == name:
                assert queue.name in addresses, f"{name} does not document {queue.name}"
        assert doc["info"]["title"] == f"irtibat-{name}"


def test_intake_stays_ready_without_broker_and_consumers_do_not(mongo_url):
    dead_broker = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    env = {"RABBIT_URL": dead_broker, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local"}
    intake = ServiceProcess("intake", {**env, "MONGO_DATABASE": "nobroker_intake"}).start()
    routing = ServiceProcess("routing", {**env, "MONGO_DATABASE": "nobroker_routing"}).start()
    try:
        intake.wait_ready(60)
        state = httpx.get(f"{intake.base_url}/health/ready").json()
        assert state["checks"] == {"database": True, "broker": False}
        # routing needs its consumers: alive, but not ready while the broker is away.
        routing_live = _wait_live(routing)
        assert routing_live.json() == {"status": "live"}
        assert httpx.get(f"{routing.base_url}/health/ready", timeout=5).status_code == 503
    finally:
        intake.stop()
        routing.stop()


def _wait_live(proc: ServiceProcess, timeout: float = 30.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(f"{proc.base_url}/health/live", timeout=2)
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
