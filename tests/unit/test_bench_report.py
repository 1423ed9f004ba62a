"""The bench's parsers of /proc and py-spy output, and its report (headline, table, JSON line)."""

import json

import pytest

from bench import procs, profile, report
from bench.options import Options

pytestmark = pytest.mark.unit


def test_stat_cpu_reads_utime_and_stime_after_a_command_with_spaces():
    fields = ["S"] + ["0"] * 10 + [str(3 * procs.TICK), str(2 * procs.TICK)] + ["0"] * 30
    raw = "1234 (python3 -m x) y) " + " ".join(fields)
    assert procs.parse_stat_cpu(raw) == 5.0


def test_status_field_in_kib():
    text = "Name:\tpython\nVmPeak:\t 2000 kB\nVmHWM:\t  104857 kB\nVmRSS:\t 5 kB\n"
    assert procs.parse_status_kib(text, "VmHWM") == 104857
    assert procs.parse_status_kib(text, "VmSwap") is None


def test_own_process_is_measurable():
    import os

    assert procs.cpu_seconds(os.getpid()) > 0
    assert procs.peak_rss_mib(os.getpid()) > 1
    assert procs.cpu_seconds(2 ** 22 + 12345) is None  # no such process


RAW = """<module> (uvicorn:8);run (asyncio/runners.py:190);submit (/work/main/services/intake/application/submit.py:90);insert_one (pymongo/asynchronous/collection.py:900) 30
<module> (uvicorn:8);run (asyncio/runners.py:190);submit (/work/main/services/intake/application/submit.py:90);model_validate (pydantic/main.py:600) 10
<module> (uvicorn:8);run (asyncio/runners.py:190);_run_once (asyncio/base_events.py:1900) 60
"""


def test_profile_parse_and_summary_per_application():
    stacks = profile.parse(RAW)
    assert len(stacks) == 3 and stacks[0][1] == 30
    assert stacks[0][0][-1] == ("insert_one", "pymongo/asynchronous/collection.py")
    s = profile.summarise(stacks, applications=100)
    assert s["samples"] == 100 and s["active_s"] == 1.0 and s["ms_per_app"] == 10.0
    assert s["by_library"]["asyncio / event loop"]["share"] == 0.6
    assert s["by_library"]["mongo driver (pymongo/bson)"]["ms_per_app"] == 3.0
    own = s["own_inclusive"]["services/intake/application/submit.py:submit"]
    assert own == {"share": 0.4, "ms_per_app": 4.0}
    assert "services/intake" in profile.markdown({"intake": s})


def test_profile_of_nothing():
    assert profile.summarise([], applications=10)["by_library"] == {}
    assert profile.category("somewhere/else.py") == "other"


def _phase(name, role, offered, lost=0, doubled=0, drain=0.5, lag99=1.0, accepted=100, sent=100):
    pct = {"n": accepted, "p50": 5.0, "p95": 9.0, "p99": 12.0, "max": 20.0, "mean": 6.0}
    return {"name": name, "role": role, "kind": "open" if offered else "closed", "duration_s": 10.0,
            "offered_per_s": offered, "connections": 32, "sent": sent, "accepted": accepted,
            "accepted_per_s": 250.0, "delivered_per_s": 249.0,
            "statuses": {"2xx": accepted, "4xx": 1, "5xx": 0, "errors": 0, "other": 0},
            "http_ms": pct, "e2e_ms": pct, "lost": lost, "doubled": doubled, "drain_s": drain,
            "generator": {"lag_ms": {"p99": lag99}, "behind": lag99 > 20},
            "cpu_ms_per_app": {"intake": 2.0, "routing": 3.0}, "other_cpu_cores": 0.1,
            "peak_rss_mib": {"intake": 90.0 if role == "step" else 80.0, "routing": None},
            "loadavg_before": (1.0, 1.0, 1.0)}


def test_headline_takes_the_floor_the_steps_and_sums_losses():
    phases = [_phase("warmup", "warmup", 50), _phase("step-100", "step", 100, doubled=1),
              _phase("sustained-250", "sustained", 250, lost=2), _phase("saturation", "saturation", None)]
    h = report.headline(phases)
    assert h["lost"] == 2 and h["doubled"] == 1
    assert h["http_4xx"] == 3  # the warm-up does not count
    assert set(h["http_ms"]) == {"100", "250"} and h["http_ms"]["250"]["p99"] == 12.0
    assert h["sustained"]["held"] is False  # something was lost
    assert h["peak_rss_mib"] == {"intake": 90.0}
    assert h["cpu_ms_per_app"] == {"intake": 2.0, "routing": 3.0}


def test_sustained_is_held_only_without_loss_backlog_or_a_late_generator():
    assert report.headline([_phase("s", "sustained", 250)])["sustained"]["held"] is True
    assert report.headline([_phase("s", "sustained", 250, drain=30.0)])["sustained"]["held"] is False
    assert report.headline([_phase("s", "sustained", 250, lag99=50.0)])["sustained"]["held"] is False
    assert report.headline([_phase("s", "sustained", 250, accepted=90, sent=100)])["sustained"]["held"] is False


def test_table_and_one_json_line():
    from datetime import UTC, datetime

    phases = [_phase("step-100", "step", 100), _phase("sustained-250", "sustained", 250)]
    doc = report.document(Options(), phases, ["intake :8001 already running"], datetime.now(UTC))
    text = report.table(doc)
    assert "sustained-250" in text and "HELD" in text and "CPU ms/application" in text
    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in line and json.loads(line)["headline"]["sustained"]["offered_per_s"] == 250
    # The machine's Python speed is recorded and printed: runs on slower machines are not comparable.
    assert doc["machine"]["python_yardstick_ms"] > 0 and doc["machine"]["cpu"]
    assert f"Python yardstick {doc['machine']['python_yardstick_ms']} ms" in text.splitlines()[0]
    # And how fast it hands a message from one process to another, which the pipeline mostly does.
    assert 0 < doc["machine"]["ipc_yardstick_us"] < 10_000
    assert f"process round trip {doc['machine']['ipc_yardstick_us']} µs" in text.splitlines()[0]


def _op_msg(body: dict, sequence: tuple[str, list[dict]] | None = None) -> bytes:
    import struct

    import bson

    payload = struct.pack("<I", 0) + b"\0" + bson.encode(body)
    if sequence:
        ident, docs = sequence
        raw = ident.encode() + b"\0" + b"".join(bson.encode(d) for d in docs)
        payload += b"\1" + struct.pack("<i", 4 + len(raw)) + raw
    return payload


def test_mongo_ops_reads_commands_and_document_sequences():
    from bench import mongo_ops

    body, seqs = mongo_ops.parse_op_msg(_op_msg({"insert": "applications", "$db": "intake"},
                                                ("documents", [{"_id": "a"}, {"_id": "b"}])))
    assert mongo_ops.describe(body, seqs) == ("intake", "insert", "applications", 2)
    body, seqs = mongo_ops.parse_op_msg(_op_msg({"update": "cases", "updates": [{"q": {}}], "$db": "routing"}))
    assert mongo_ops.describe(body, seqs) == ("routing", "update", "cases", 1)
    body, seqs = mongo_ops.parse_op_msg(_op_msg({"findAndModify": "cases", "$db": "routing"}))
    assert mongo_ops.describe(body, seqs) == ("routing", "findAndModify", "cases", 1)
    assert mongo_ops.describe({}, {}) == ("?", "?", "", 0)


def test_mongo_ops_per_application_between_snapshots():
    from bench import mongo_ops

    before = {"irtibat-intake intake insert applications": [10, 10]}
    after = {"irtibat-intake intake insert applications": [210, 210],
             "irtibat-routing routing update cases": [400, 800], "irtibat-notify notify find x": [5, 5]}
    out = mongo_ops.per_application(before, after, 200)
    assert out["irtibat-intake"] == {"intake insert applications": [1.0, 1.0]}
    assert out["irtibat-routing"] == {"routing update cases": [2.0, 4.0]}
    assert mongo_ops.per_application(before, after, 0) == {}


def test_profile_figures_rescale_to_proc_cpu(tmp_path):
    (tmp_path / "intake.txt").write_text(RAW)
    out = profile.analyse(tmp_path, applications=100, cpu_ms_per_app={"intake": 5.0})["intake"]
    assert out["ms_per_app"] == 5.0 and out["scale"] == 0.5
    assert out["by_library"]["mongo driver (pymongo/bson)"]["ms_per_app"] == 1.5
    assert "×0.5" in profile.markdown({"intake": out})


def test_mongo_ops_names_update_shapes_without_values():
    from bench import mongo_ops

    body = {"update": "applications", "$db": "intake", "updates": [
        {"q": {"_id": "153-2026-000001"}, "u": {"$set": {"status": "routed", "timeline.0003": {"at": 1}},
                                                "$inc": {"case_version": 1}}}]}
    db, command, what, docs = mongo_ops.describe(body, {})
    assert (db, command, docs) == ("intake", "update", 1)
    assert what == "applications {$inc:case_version $set:status,timeline.*}"
    assert "153-2026" not in what and "routed" not in what  # names only, never values


def test_mongo_ops_reads_update_shapes_from_document_sequences():
    from bench import mongo_ops

    payload = _op_msg({"update": "cases", "$db": "routing"},
                      ("updates", [{"q": {"_id": "x"}, "u": {"$unset": {"outbox.m1": ""}, "$set": {"outbox_pending": 0}}},
                                   {"q": {"_id": "y"}, "u": {"$set": {"other": 1}}}]))
    body, seqs = mongo_ops.parse_op_msg(payload)
    assert mongo_ops.describe(body, seqs) == ("routing", "update", "cases {$set:outbox_pending $unset:outbox.*}", 2)


def test_stolen_time_is_neither_busy_nor_idle():
    # user nice system idle iowait irq softirq steal guest guest_nice, in ticks
    busy, stolen = procs.machine_seconds(f"cpu  {100 * procs.TICK:.0f} 0 {50 * procs.TICK:.0f} "
                                     f"{300 * procs.TICK:.0f} {10 * procs.TICK:.0f} 0 0 {25 * procs.TICK:.0f} 0 0")
    assert (busy, stolen) == (150, 25)
    busy, stolen = procs.machine_seconds("cpu  400 0 100 900 0")  # an old kernel without a steal column
    assert (busy, stolen) == (500 / procs.TICK, 0)
