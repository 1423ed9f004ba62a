"""deploy/rabbitmq/definitions.json and the KEDA ScaledObjects are what the code's topology says,
and department users may read only their own queue and publish only their own case updates."""

import json
import re
from pathlib import Path

import pytest

from shared import topology
from shared.enums import Department
from tools import definitions as gen

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.json"
REGENERATE = "regenerate with: .venv/bin/python -m tools.definitions sync"


def _document() -> dict:
    return json.loads(DEFINITIONS.read_text(encoding="utf-8"))


def _permits(pattern: str, name: str) -> bool:
    # RabbitMQ matches permission regexes against the resource name (unanchored, PCRE).
    return re.search(pattern, name) is not None


def test_committed_definitions_equal_the_generated_ones():
    assert DEFINITIONS.read_text(encoding="utf-8") == gen.render(), REGENERATE


def test_committed_scaled_objects_equal_the_generated_ones():
    path = ROOT / "deploy" / "k8s" / "base" / "scaledobjects.yaml"
    assert path.read_text(encoding="utf-8") == gen.render_keda(), REGENERATE


@pytest.mark.parametrize("name", gen.SHARED_FILES)
def test_k8s_copies_equal_the_files_compose_mounts(name):
    original = (ROOT / "deploy" / name).read_bytes()
    assert (gen.K8S_FILES / Path(name).name).read_bytes() == original, REGENERATE


def test_definitions_hold_the_whole_topology():
    doc = _document()
    queues = {q["name"] for q in doc["queues"]}
    for q in topology.CONSUMER_QUEUES:
        assert {q.name, q.retry, q.dlq} <= queues
    assert {e["name"] for e in doc["exchanges"]} == set(topology.EXCHANGES)


def test_no_password_is_committed():
    doc = _document()
    for user in doc["users"]:
        assert not {"password", "password_hash", "hashing_algorithm"} & set(user), user["name"]
    assert "password" not in DEFINITIONS.read_text(encoding="utf-8")


def test_every_department_has_a_user_with_permissions():
    doc = _document()
    users = {u["name"] for u in doc["users"]}
    permitted = {p["user"] for p in doc["permissions"]}
    topic = {p["user"] for p in doc["topic_permissions"]}
    for department in Department:
        user = f"dept-{department.value}"
        assert user in users and user in permitted and user in topic


@pytest.mark.parametrize("department", list(Department))
def test_department_reads_only_its_own_queue(department):
    doc = _document()
    perm = next(p for p in doc["permissions"] if p["user"] == f"dept-{department.value}")
    readable = {q["name"] for q in doc["queues"] if _permits(perm["read"], q["name"])}
    assert readable == {f"dept.{department.value}"}
    # Not even a look at its neighbours whose names share a prefix, nor the DLQ of its own queue.
    assert not _permits(perm["read"], f"dept.{department.value}.dlq")
    names = [q["name"] for q in doc["queues"]] + [e["name"] for e in doc["exchanges"]]
    assert not any(_permits(perm["configure"], n) for n in names)
    writable = {e["name"] for e in doc["exchanges"] if _permits(perm["write"], e["name"])}
    assert writable == {topology.COMMANDS}
    assert not any(_permits(perm["write"], q["name"]) for q in doc["queues"])


@pytest.mark.parametrize("department", list(Department))
def test_department_publishes_only_its_own_case_updates(department):
    doc = _document()
    perm = next(p for p in doc["topic_permissions"] if p["user"] == f"dept-{department.value}")
    assert perm["exchange"] == topology.COMMANDS
    assert _permits(perm["write"], f"case.update.{department.value}")
    others = [d for d in Department if d != department]
    for other in others:
        assert not _permits(perm["write"], f"case.update.{other.value}")
    assert not _permits(perm["write"], f"case.update.{department.value}.x")
    assert not _permits(perm["write"], "intake.submit.web")


def test_services_user_may_declare_the_topology_and_monitoring_user_reads_nothing():
    doc = _document()
    perms = {p["user"]: p for p in doc["permissions"]}
    services = perms[gen.SERVICES_USER]
    assert services["configure"] == services["write"] == services["read"] == ".*"
    monitoring = perms[gen.MONITORING_USER]
    assert not any(_permits(monitoring["read"], q["name"]) for q in doc["queues"])
    tags = {u["name"]: u["tags"] for u in doc["users"]}
    assert tags[gen.MONITORING_USER] == ["monitoring"] and tags[gen.SERVICES_USER] == []


def test_every_consumed_queue_of_a_service_has_a_keda_trigger():
    for service in gen.SERVICES:
        obj = gen.scaled_object(service)
        queues = {t["metadata"]["queueName"] for t in obj["spec"]["triggers"] if t["type"] == "rabbitmq"}
        expected = {q.name for q in topology.CONSUMER_QUEUES if q.service == service}
        assert expected and queues == expected, service
    cpu = [t for t in gen.scaled_object("intake")["spec"]["triggers"] if t["type"] == "cpu"]
    assert cpu and cpu[0]["metadata"]["value"] == "70"
