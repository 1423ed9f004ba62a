"""The bench's statistics: percentiles, summaries, status classes, delivery matching, CPU per application."""

import pytest

from bench import stats

pytestmark = pytest.mark.unit


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert stats.percentile(values, 50) == 50
    assert stats.percentile(values, 95) == 95
    assert stats.percentile(values, 99) == 99
    assert stats.percentile(values, 100) == 100
    assert stats.percentile(values, 0) == 1


def test_percentile_of_small_samples_takes_the_value_at_or_above():
    assert stats.percentile([10.0], 99) == 10.0
    assert stats.percentile([1.0, 2.0, 3.0], 50) == 2.0
    assert stats.percentile([1.0, 2.0, 3.0], 99) == 3.0  # never interpolates beyond the data


def test_percentile_of_nothing_is_none_and_out_of_range_fails():
    assert stats.percentile([], 50) is None
    with pytest.raises(ValueError):
        stats.percentile([1.0], 101)
    with pytest.raises(ValueError):
        stats.percentile([1.0], -1)


def test_summarise_reports_milliseconds_and_ignores_order():
    s = stats.summarise([0.003, 0.001, 0.002, 0.010])
    assert s == {"n": 4, "p50": 2.0, "p95": 10.0, "p99": 10.0, "max": 10.0, "mean": 4.0}


def test_summarise_of_nothing_has_no_figures():
    assert stats.summarise([]) == {"n": 0, "p50": None, "p95": None, "p99": None, "max": None, "mean": None}


def test_rate_guards_against_empty_windows():
    assert stats.rate(500, 2.0) == 250.0
    assert stats.rate(5, 0.0) == 0.0


def test_status_counts_classes_and_transport_errors():
    counts = stats.status_counts([201, 201, 202, 400, 422, 429, 500, 503, 0, 0, 302])
    assert counts == {"2xx": 3, "4xx": 3, "5xx": 2, "errors": 2, "other": 1}


def test_deliveries_match_arrivals_lost_and_doubled():
    accepted = {"153-1": 10.0, "153-2": 11.0, "153-3": 12.0}
    arrivals = {"153-1": [10.05], "153-2": [11.2, 11.9, 12.5], "other": [9.0]}
    m = stats.deliveries(accepted, arrivals)
    assert sorted(round(x, 3) for x in m["e2e"]) == [0.05, 0.2]
    assert m["lost"] == ["153-3"]
    assert m["doubled"] == 2  # two extra copies of 153-2; foreign arrivals are not counted
    assert m["last_arrival"] == 11.2  # first arrival of each, not the duplicates


def test_deliveries_with_nothing_accepted():
    assert stats.deliveries({}, {"x": [1.0]}) == {"e2e": [], "lost": [], "doubled": 0, "last_arrival": None}


def test_cpu_per_application_in_milliseconds():
    before = {"intake": 10.0, "routing": 5.0}
    after = {"intake": 12.5, "routing": 6.0, "notify": 3.0}
    out = stats.cpu_ms_per_app(before, after, 500)
    assert out == {"intake": 5.0, "routing": 2.0, "notify": None}
    assert stats.cpu_ms_per_app(before, after, 0) == {"intake": None, "routing": None, "notify": None}


def test_settled_is_confirmed_by_the_queues_themselves(monkeypatch):
    """rabbitmqctl counts ready and unacknowledged messages, per vhost of the bench's broker URL."""
    import subprocess

    from bench import sink as sink_module

    seen = {}

    def fake_run(args, **kwargs):
        seen["args"] = args
        return subprocess.CompletedProcess(args, 0, stdout="notify.applications\t9360\nrouting.request-registered\t0\n"
                                                          "dept.kaski\t31\n")

    monkeypatch.setattr(sink_module.shutil, "which", lambda name: "/usr/sbin/rabbitmqctl")
    monkeypatch.setattr(sink_module.subprocess, "run", fake_run)
    counts = sink_module.DepartmentSink("amqp://guest:guest@127.0.0.1:5672/bench%2Fx")._listed_backlog()
    assert counts == {"routing.request-registered": 0, "notify.applications": 9360, "intake.case-events": 0}
    assert seen["args"][seen["args"].index("-p") + 1] == "bench/x"
    monkeypatch.setattr(sink_module.shutil, "which", lambda name: None)
    assert sink_module.DepartmentSink("amqp://127.0.0.1/")._listed_backlog() is None


def test_the_management_api_counts_ready_and_unacknowledged_and_an_unreachable_one_is_no_answer(monkeypatch):
    import io
    import json as json_module

    from bench import sink as sink_module

    seen = {}

    def fake_urlopen(request, timeout):
        seen["url"], seen["auth"] = request.full_url, request.get_header("Authorization")
        rows = [{"name": "notify.applications", "messages": 613}, {"name": "dept.kaski", "messages": 3}]
        return io.BytesIO(json_module.dumps(rows).encode())

    monkeypatch.setattr(sink_module.urllib.request, "urlopen", fake_urlopen)
    counts = sink_module.DepartmentSink("amqp://bench:s3cret@127.0.0.1:5672/bench%2Fx")._managed_backlog()
    assert counts == {"routing.request-registered": 0, "notify.applications": 613, "intake.case-events": 0}
    assert seen["url"].startswith("http://127.0.0.1:15672/api/queues/bench%2Fx?")
    assert seen["auth"] == "Basic YmVuY2g6czNjcmV0"  # bench:s3cret

    def refused(request, timeout):
        raise ConnectionRefusedError()

    monkeypatch.setattr(sink_module.urllib.request, "urlopen", refused)
    assert sink_module.DepartmentSink("amqp://127.0.0.1/")._managed_backlog() is None
