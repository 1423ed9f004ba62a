"""The Prometheus alert rules (deploy/prometheus/alerts.yml) are well formed and cover what ops
asked for. promtool is not available here, so the rules are parsed and their expressions checked
for structure: balanced brackets, valid durations and label matchers, known metrics, and
annotation templates that use only labels the expression keeps."""

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"

DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")
KNOWN_METRICS = {
    "rabbitmq_queue_messages", "rabbitmq_queue_messages_ready", "irtibat_outbox_oldest_age_seconds",
    "irtibat_escalations_total", "irtibat_messages_dead_lettered_total", "up", "probe_success",
}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "by", "without", "and", "or", "unless", "offset", "delta",
    "deriv", "increase", "rate", "irate", "on", "ignoring", "group_left", "group_right", "bool",
}
REQUIRED = {
    "DeadLetterQueueGrowing": "rabbitmq_queue_messages",
    "OutboxMessageStuck": "irtibat_outbox_oldest_age_seconds",
    "SlaBreachesRising": "irtibat_escalations_total",
    "ConsumerBacklogGrowing": "rabbitmq_queue_messages_ready",
    "ServiceDown": "up",
    "ServiceNotReady": "probe_success",
}


def _strip_strings(expr: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)


def _balanced(expr: str) -> bool:
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for ch in _strip_strings(expr):
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


def _matchers(expr: str) -> list[tuple[str, str, str]]:
    found = []
    for body in re.findall(r"\{((?:[^{}\"]|\"(?:[^\"\\]|\\.)*\")*)\}", expr):
        if body.strip().startswith("{"):
            continue
        for part in re.findall(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?', body):
            found.append(part)
        leftover = re.sub(r'\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*,?', "", body)
        if leftover.strip():
            raise ValueError(f"unparsable label matchers: {{{body}}}")
    return found


def _metrics(expr: str) -> set[str]:
    bare = _strip_strings(expr)
    bare = re.sub(r"\{[^}]*\}", "", bare)
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", bare)
    names = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", bare))
    return {n for n in names if n not in PROMQL_WORDS and not n.isdigit()}


def rule_errors(doc: dict) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    for group in doc.get("groups") or []:
        if not group.get("name") or not group.get("rules"):
            errors.append(f"group without name or rules: {group}")
            continue
        for rule in group["rules"]:
            name, expr = rule.get("alert"), rule.get("expr")
            if not name or not isinstance(expr, str) or not expr.strip():
                errors.append(f"rule without alert or expr: {rule}")
                continue
            if name in seen:
                errors.append(f"{name}: duplicate alert name")
            seen.add(name)
            if not _balanced(expr):
                errors.append(f"{name}: unbalanced brackets")
            for window in re.findall(r"\[([^\]]+)\]", _strip_strings(expr)):
                if not DURATION.match(window):
                    errors.append(f"{name}: bad range [{window}]")
            for offset in re.findall(r"\boffset\s+([0-9a-z]+)", expr):
                if not DURATION.match(offset):
                    errors.append(f"{name}: bad offset {offset}")
            try:
                for label, op, value in _matchers(expr):
                    if op in ("=~", "!~"):
                        re.compile(value.encode().decode("unicode_escape"))
            except re.error as exc:
                errors.append(f"{name}: bad regex in a label matcher: {exc}")
            except ValueError as exc:
                errors.append(f"{name}: {exc}")
            unknown = _metrics(expr) - KNOWN_METRICS
            if unknown:
                errors.append(f"{name}: unknown metrics {sorted(unknown)}")
            if "for" in rule and not DURATION.match(str(rule["for"])):
                errors.append(f"{name}: bad for: {rule['for']}")
            if (rule.get("labels") or {}).get("severity") not in {"critical", "warning", "info"}:
                errors.append(f"{name}: severity must be critical, warning or info")
            notes = rule.get("annotations") or {}
            if not notes.get("summary") or not notes.get("description"):
                errors.append(f"{name}: needs annotations summary and description")
            kept = re.findall(r"\bby\s*\(([^)]*)\)", expr)
            if kept:
                labels = {label.strip() for group_by in kept for label in group_by.split(",")}
                used = set(re.findall(r"\$labels\.([a-zA-Z_]+)", " ".join(map(str, notes.values()))))
                if used - labels:
                    errors.append(f"{name}: templates use labels the aggregation drops: {sorted(used - labels)}")
    return errors


def _alerts() -> dict:
    return yaml.safe_load(ALERTS.read_text(encoding="utf-8"))


def test_the_rules_file_is_well_formed():
    assert rule_errors(_alerts()) == []


@pytest.mark.parametrize(("alert", "metric"), REQUIRED.items())
def test_each_asked_for_alert_exists_on_its_metric(alert, metric):
    rules = {r["alert"]: r for g in _alerts()["groups"] for r in g["rules"]}
    assert alert in rules
    assert metric in _metrics(rules[alert]["expr"])


def test_outbox_alert_fires_past_one_minute_per_service_and_collection():
    rule = next(r for g in _alerts()["groups"] for r in g["rules"] if r["alert"] == "OutboxMessageStuck")
    assert re.search(r"by \(service, collection\)", rule["expr"])
    assert re.search(r">\s*60\b", rule["expr"])


def test_dead_letter_and_backlog_alerts_select_the_right_queues():
    rules = {r["alert"]: r["expr"] for g in _alerts()["groups"] for r in g["rules"]}
    dlq = dict((label, value) for label, _, value in _matchers(rules["DeadLetterQueueGrowing"]))
    pattern = re.compile("^(?:" + dlq["queue"].replace("\\\\", "\\") + ")$")
    assert pattern.match("routing.request-registered.dlq") and not pattern.match("routing.request-registered")
    backlog = [(label, op, value) for label, op, value in _matchers(rules["ConsumerBacklogGrowing"])]
    include = next(v for label, op, v in backlog if label == "queue" and op == "=~").replace("\\\\", "\\")
    exclude = next(v for label, op, v in backlog if label == "queue" and op == "!~").replace("\\\\", "\\")
    for queue in ("intake.submit", "notify.applications", "routing.request-registered"):
        assert re.fullmatch(include, queue) and not re.fullmatch(exclude, queue)
    assert re.fullmatch(exclude, "notify.applications.retry") and not re.fullmatch(include, "dept.kaski")


@pytest.mark.parametrize(("mutation", "message"), [
    (lambda r: r.update(expr="sum(rate(up[5m])"), "unbalanced"),
    (lambda r: r.update(expr="rate(up[5 minutes])"), "bad range"),
    (lambda r: r.update(expr='up{job=~"(unclosed"} == 0'), "bad regex"),
    (lambda r: r.update(expr='up{job=="x"} == 0'), "unparsable label matchers"),
    (lambda r: r.update(expr="up offset 1 hour == 0"), "unknown metrics"),
    (lambda r: r.update(expr="irtibat_typo_total > 1"), "unknown metrics"),
    (lambda r: r.update({"for": "one minute"}), "bad for"),
    (lambda r: r["labels"].update(severity="page-everyone"), "severity"),
    (lambda r: r["annotations"].pop("summary"), "annotations"),
    (lambda r: r.update(expr="max by (service) (irtibat_outbox_oldest_age_seconds) > 60"), "drops"),
])
def test_the_checker_catches_broken_rules(mutation, message):
    doc = _alerts()
    rule = next(r for g in doc["groups"] for r in g["rules"] if r["alert"] == "OutboxMessageStuck")
    mutation(rule)
    errors = rule_errors(doc)
    assert any(message in e for e in errors), errors


def test_prometheus_loads_the_rules_and_scrapes_what_they_use():
    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for job in re.findall(r'job="([^"]+)"', ALERTS.read_text(encoding="utf-8")):
        assert job in jobs
    assert jobs["rabbitmq"]["metrics_path"] == "/metrics/per-object"
    assert jobs["rabbitmq"]["dns_sd_configs"][0]["port"] == 15692
    ready = [t for c in jobs["irtibat-ready"]["static_configs"] for t in c["targets"]]
    assert sorted(ready) == sorted(f"http://{s}:{p}/health/ready" for s, p in
                                   [("intake", 8001), ("routing", 8002), ("notify", 8003), ("events", 8004)])
    assert jobs["otel-collector"]["static_configs"][0]["targets"] == ["otel-collector:8889"]


def test_collector_sends_traces_to_jaeger_and_metrics_to_prometheus():
    config = yaml.safe_load((ROOT / "deploy" / "otel" / "collector.yaml").read_text(encoding="utf-8"))
    pipelines = config["service"]["pipelines"]
    assert pipelines["traces"]["receivers"] == ["otlp"] and pipelines["traces"]["exporters"] == ["otlp/jaeger"]
    assert pipelines["metrics"]["exporters"] == ["prometheus"]
    assert config["exporters"]["otlp/jaeger"]["endpoint"] == "jaeger:4317"
    assert config["exporters"]["prometheus"]["endpoint"].endswith(":8889")
    protocols = config["receivers"]["otlp"]["protocols"]
    assert protocols["grpc"]["endpoint"].endswith(":4317") and protocols["http"]["endpoint"].endswith(":4318")
