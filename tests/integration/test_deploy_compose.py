"""docker-compose.yml validates with Debian's docker-compose (1.29) and wires what ops expect:
health checks, depends_on conditions, memory limits, ports, secrets only from the environment."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
APPS = {"intake": 8001, "routing": 8002, "notify": 8003, "events": 8004}
SECRETS = {"IRTIBAT_SECRET": "test-secret-value", "RABBITMQ_SERVICES_PASSWORD": "svc-pass",
           "RABBITMQ_OPS_PASSWORD": "ops-pass"}


def compose(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is missing: run `python -m tools.localstack ensure-tools` (make test does)")
    empty = tmp_path / "empty.env"  # a developer's own .env must not change what is checked
    empty.write_text("")
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run([binary, "--env-file", str(empty), "-f", str(ROOT / "docker-compose.yml"), *args],
                          cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> dict:
    done = compose("config", env=SECRETS, tmp_path=tmp_path_factory.mktemp("compose"))
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def test_config_is_quietly_valid(tmp_path):
    done = compose("config", "-q", env=SECRETS, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_each_secret_must_come_from_the_environment(tmp_path, missing):
    env = {k: v for k, v in SECRETS.items() if k != missing}
    done = compose("config", "-q", env=env, tmp_path=tmp_path)
    assert done.returncode != 0
    assert missing in done.stderr


def test_no_top_level_name_and_no_committed_secret():
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert "name" not in raw
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "guest" not in text and "changeme" not in text


def test_the_stack_has_every_part(config):
    assert set(config["services"]) == {*APPS, "rabbitmq", "mongo", "otel-collector", "jaeger", "prometheus",
                                       "blackbox"}
    assert config["services"]["rabbitmq"]["image"].startswith("rabbitmq:3.13-management")
    assert config["services"]["mongo"]["image"].startswith("mongo:7")


@pytest.mark.parametrize("name", sorted(APPS))
def test_each_service_is_built_checked_and_waits_for_its_dependencies(config, name):
    svc = config["services"][name]
    assert svc["build"]["dockerfile"] == f"services/{name}/Dockerfile"
    probe = " ".join(svc["healthcheck"]["test"])
    assert f"127.0.0.1:{APPS[name]}/health/ready" in probe
    assert svc["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
    assert svc["depends_on"]["mongo"]["condition"] == "service_healthy"
    env = svc["environment"]
    assert env["IRTIBAT_ENV"] == "production" and env["IRTIBAT_SECRET"] == SECRETS["IRTIBAT_SECRET"]
    assert env["HTTP_HOST"] == "0.0.0.0" and env["HTTP_PORT"] == str(APPS[name])
    assert env["MONGO_URL"] == "mongodb://mongo:27017/?replicaSet=rs0"
    assert env["RABBIT_URL"] == "amqp://irtibat-services:svc-pass@rabbitmq:5672/"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
    assert "OTEL_SERVICE_NAME" not in env  # each service names itself irtibat-<name>


def test_every_container_has_a_memory_limit(config):
    for name, svc in config["services"].items():
        assert svc.get("mem_limit"), name


def test_ports_ops_expect_are_published(config):
    published = {int(p["published"]) for svc in config["services"].values() for p in svc.get("ports", [])}
    assert published == {8001, 8002, 8003, 8004, 5672, 15672, 4317, 4318, 16686, 9090}
    assert 27017 not in published  # the local Mongo stand-in owns that port


def test_broker_and_database_health_checks(config):
    rabbit = config["services"]["rabbitmq"]
    assert "check_port_connectivity" in " ".join(rabbit["healthcheck"]["test"])
    assert "rabbitmq-nodes" in rabbit["networks"]["default"]["aliases"]
    mongo = config["services"]["mongo"]
    assert mongo["command"][:3] == ["mongod", "--replSet", "rs0"]
    probe = " ".join(mongo["healthcheck"]["test"])
    assert "rs.initiate" in probe and "host: 'mongo:27017'" in probe and "isWritablePrimary" in probe


def test_mounted_files_exist(config):
    for name, svc in config["services"].items():
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith(str(ROOT / "deploy")):
                assert Path(source).exists(), f"{name}: {source}"
