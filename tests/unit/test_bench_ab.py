"""bench.ab: alternated runs summarized per phase, every run and each side's median."""

import subprocess

import pytest

from bench.ab import main, summarize

pytestmark = pytest.mark.unit


def _doc(delivered: float, http_p99: float) -> dict:
    def phase(name, role):
        return {"name": name, "role": role, "accepted_per_s": 120.0, "delivered_per_s": delivered,
                "http_ms": {"p99": http_p99}, "e2e_ms": {"p99": 5000.0},
                "cpu_ms_per_app": {"intake": 4.0, "routing": 6.0}}
    return {"phases": [phase("warmup", "warmup"), phase("saturation", "saturation")]}


def test_every_run_and_the_median_per_side_leaving_out_the_warmup():
    runs = [("base", _doc(64.0, 900.0)), ("this", _doc(77.0, 800.0)),
            ("base", _doc(88.0, 700.0)), ("this", _doc(81.0, 600.0)),
            ("base", _doc(80.0, 650.0)), ("this", _doc(86.0, 1200.0))]
    text = summarize(runs)
    assert "warmup" not in text and text.startswith("saturation (each run")
    body = text.splitlines()[2:]
    rows = {line.split()[0] + (" med" if "med" in line else ""): line for line in body}
    assert [line.split()[2] for line in body if line.split()[1] != "med"] == \
        ["64.0", "77.0", "88.0", "81.0", "80.0", "86.0"]
    assert rows["base med"].split()[2:6] == ["120.0", "80.0", "700.0", "5000.0"]
    assert rows["this med"].split()[2:6] == ["120.0", "81.0", "800.0", "5000.0"]
    assert rows["this med"].split()[6] == "10.0"  # CPU ms per application, all processes


def test_nothing_to_summarize():
    assert summarize([]) == ""


def test_a_base_that_git_does_not_know_is_refused():
    with pytest.raises(subprocess.CalledProcessError):
        main(["no-such-ref-anywhere", "--rounds", "1"])
