"""One connected trace per application across intake, routing and notify — also when the broker
was unreachable at submission and the outbox relay published later — and no personal data in any
exported span or log line."""

import json
import re
import time
import uuid

import httpx
import pytest

from tests.support.gateways import Gateways
from tests.support.infra import RABBIT_PORT, ServiceProcess, running
from tests.support.otlp import OtlpReceiver, Span
from tests.support.tcpproxy import TcpProxy
from tests.support.waiting import poll

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PRODUCER, CONSUMER, SERVER = 4, 5, 2
PHONE, EMAIL, TCKN, NAME = "+905327654321", "ayse.obs@example.com", "10000000146", "Ayşe Gözlemci"


@pytest.fixture(scope="module")
def pipeline(rabbit_url, mongo_url):
    receiver = OtlpReceiver().start()
    proxy = TcpProxy(RABBIT_PORT).start()
    gateways = Gateways("obs-token").start()
    suffix = uuid.uuid4().hex[:6]
    common = {"MONGO_URL": mongo_url, "IRTIBAT_ENV": "local", "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
              "OTEL_BSP_SCHEDULE_DELAY": "200", "OTEL_METRIC_EXPORT_INTERVAL": "600000",
              "OUTBOX_SCAN_INTERVAL_S": "0.5", "OUTBOX_GRACE_S": "0.5", "RETRY_BASE_MS": "200"}
    proxied = rabbit_url.replace(f":{RABBIT_PORT}/", f":{proxy.port}/")
    procs = {
        "intake": ServiceProcess("intake", {**common, "RABBIT_URL": proxied, "MONGO_DATABASE": f"obs_intake_{suffix}"}),
        "routing": ServiceProcess("routing", {**common, "RABBIT_URL": rabbit_url,
                                              "MONGO_DATABASE": f"obs_routing_{suffix}"}),
        "notify": ServiceProcess("notify", {**common, "RABBIT_URL": rabbit_url, "MONGO_DATABASE": f"obs_notify_{suffix}",
                                            **gateways.notify_env()}),
    }
    try:
        with running(procs, timeout=90):
            yield receiver, proxy, procs, gateways
    finally:
        gateways.stop()
        proxy.stop()
        receiver.stop()


def submit(intake: ServiceProcess, text: str) -> dict:
    body = {"kind": "complaint", "text": text, "location": {"district": "Melikgazi", "neighbourhood": "Gültepe"},
            "citizen": {"name": NAME, "phone": PHONE, "email": EMAIL, "national_id": TCKN},
            "consent": {"kvkk_ack": True, "notify_sms": True, "notify_email": True}}
    response = httpx.post(f"{intake.base_url}/v1/requests", json=body, headers={"X-API-Key": "dev-web"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def _connected_trace(receiver: OtlpReceiver, trace_id: str) -> list[Span] | None:
    spans = receiver.trace(trace_id)
    services = {s.service for s in spans}
    consumers = [s for s in spans if s.kind == CONSUMER]
    if not {"irtibat-intake", "irtibat-routing", "irtibat-notify"} <= services:
        return None
    if not any(s.service == "irtibat-notify" and s.kind == CONSUMER for s in consumers):
        return None
    if not any(s.service == "irtibat-routing" and s.kind == PRODUCER and s.name.startswith("irtibat.departments.")
               for s in spans):
        return None
    return spans


def describe(receiver: OtlpReceiver, trace_id: str) -> str:
    lines = [f"trace {trace_id}:"]
    lines += [f"  {s.service} kind={s.kind} {s.name} id={s.span_id} parent={s.parent_span_id}"
              for s in receiver.trace(trace_id)]
    others = {}
    for s in receiver.spans:
        if s.trace_id != trace_id:
            others.setdefault((s.service, s.kind, s.name), 0)
            others[(s.service, s.kind, s.name)] += 1
    lines += ["other traces:"] + [f"  {k}: {v}" for k, v in sorted(others.items())]
    return "\n".join(lines)


def assert_connected_across_both_hops(spans: list[Span]) -> None:
    by_id = {s.span_id: s for s in spans}
    roots = [s for s in spans if not s.parent_span_id]
    assert len(roots) == 1 and roots[0].service == "irtibat-intake" and roots[0].kind == SERVER, roots
    orphans = [s for s in spans if s.parent_span_id and s.parent_span_id not in by_id]
    assert not orphans, f"spans whose parent is missing: {[(o.service, o.name) for o in orphans]}"

    def parent(span: Span) -> Span:
        return by_id[span.parent_span_id]

    # Hop 1: intake publishes request.registered; routing's and notify's consume spans are its children.
    intake_pub = [s for s in spans if s.service == "irtibat-intake" and s.kind == PRODUCER]
    assert intake_pub, "intake's publish span is missing"
    routing_consume = [s for s in spans if s.service == "irtibat-routing" and s.kind == CONSUMER]
    assert any(parent(s) in intake_pub for s in routing_consume)
    # Hop 2: routing publishes under its consume span (work item, case.routed); notify consumes them.
    routing_pub = [s for s in spans if s.service == "irtibat-routing" and s.kind == PRODUCER]
    assert routing_pub and all(_has_ancestor(s, routing_consume, parent) for s in routing_pub)
    notify_consume = [s for s in spans if s.service == "irtibat-notify" and s.kind == CONSUMER]
    assert any(parent(s) in intake_pub for s in notify_consume)
    assert any(parent(s) in routing_pub for s in notify_consume)
    # The publish joins the HTTP request's trace as a descendant of the request span.
    assert all(_has_ancestor(s, roots, parent) for s in intake_pub)


def _has_ancestor(span: Span, candidates: list[Span], parent) -> bool:
    seen = span
    while seen.parent_span_id:
        seen = parent(seen)
        if seen in candidates:
            return True
    return False


def test_one_trace_covers_intake_routing_and_notify(pipeline):
    receiver, _, procs, _ = pipeline
    receipt = submit(procs["intake"], "Sokağımızda 3 gündür çöp alınmadı, konteynerler taştı")
    try:
        spans = poll(lambda: _connected_trace(receiver, receipt["trace_id"]), what="the connected trace")
    except AssertionError:
        raise AssertionError(describe(receiver, receipt["trace_id"])) from None
    time.sleep(1.0)  # let the last batch of spans arrive before checking every parent link
    spans = receiver.trace(receipt["trace_id"])
    assert_connected_across_both_hops(spans)
    tagged = [s for s in spans if s.attributes.get("irtibat.tracking_no") == receipt["tracking_no"]]
    assert {s.service for s in tagged} >= {"irtibat-intake", "irtibat-routing"}


def test_trace_stays_connected_when_the_relay_publishes_after_a_broker_outage(pipeline):
    receiver, proxy, procs, _ = pipeline
    proxy.cut()
    try:
        receipt = submit(procs["intake"], "Parktaki bankların hepsi kırık, çocuklar oturamıyor")
        time.sleep(2.0)
        assert receiver.trace(receipt["trace_id"]) and not any(
            s.service == "irtibat-routing" for s in receiver.trace(receipt["trace_id"]))
    finally:
        proxy.restore()
    poll(lambda: _connected_trace(receiver, receipt["trace_id"]), timeout=60, what="the trace after the outage")
    time.sleep(1.0)
    assert_connected_across_both_hops(receiver.trace(receipt["trace_id"]))


def test_no_personal_data_in_any_exported_span_or_log_line(pipeline):
    receiver, _, procs, gateways = pipeline
    poll(lambda: len(gateways.mails()) >= 1, what="a notification actually sent")
    needles = [PHONE, PHONE[3:], "532 765", EMAIL, TCKN, NAME, "Gözlemci"]
    exported = b"".join(receiver.raw).decode("utf-8", errors="replace")
    assert exported, "nothing was exported"
    for needle in needles:
        assert needle not in exported, f"{needle!r} found in exported telemetry"
    for name, proc in procs.items():
        logs = proc.logs()
        assert logs.strip(), f"{name} wrote no logs"
        for needle in needles:
            assert needle not in logs, f"{needle!r} found in {name}'s log"
    # Log lines written while handling the application carry its trace id and tracking number.
    for name in ("intake", "routing"):
        lines = [json.loads(line) for line in procs[name].logs().splitlines() if line.startswith("{")]
        about = [line for line in lines if line.get("tracking_no") and line.get("trace_id") and line.get("span_id")]
        assert about, f"{name} logged no line with trace_id, span_id and tracking_no"


def _metric_lines(proc: ServiceProcess) -> list[str]:
    return [line for line in httpx.get(f"{proc.base_url}/metrics", timeout=5).text.splitlines()
            if line and not line.startswith("#")]


def test_metrics_ops_asked_for_are_scraped(pipeline):
    receiver, _, procs, _ = pipeline
    submit(procs["intake"], "Caddedeki sokak lambası yanmıyor, gece çok karanlık")

    def routed_metrics():
        lines = _metric_lines(procs["routing"])
        return lines if any(line.startswith("irtibat_routing_decisions_total{") for line in lines) else None

    routing = poll(routed_metrics, what="routing decision metrics")
    intake = _metric_lines(procs["intake"])
    notify = poll(lambda: [line for line in _metric_lines(procs["notify"])
                           if line.startswith("notify_notifications_total{")], what="notification metrics")
    assert any(re.match(r'irtibat_applications_total\{.*channel="web".*kind="complaint".*\} [1-9]', line)
               for line in intake)
    assert any(re.match(r'irtibat_routing_decisions_total\{.*department="[a-z-]+".*path="[a-z]+".*\}', line)
               for line in routing)
    assert any(line.startswith("irtibat_routing_time_to_department_seconds_count") for line in routing)
    assert any(line.startswith("irtibat_outbox_published_total{") for line in intake + routing)
    assert any('status="sent"' in line and 'channel="sms"' in line for line in notify)
    for line in intake + routing + notify:
        for needle in (PHONE, EMAIL, TCKN, NAME):
            assert needle not in line
