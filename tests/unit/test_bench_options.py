"""The bench's command line and the phases each mode plans."""

import pytest

from bench.options import STEPS, Options, comparison_phase, parse_args, plan

pytestmark = pytest.mark.unit


def test_defaults_are_the_quick_mode_at_the_floor_rate():
    opts = parse_args([])
    assert opts == Options()
    assert opts.mode == "quick" and opts.rate == 250.0 and opts.sustained_duration == 10.0
    assert opts.routing_copies == 1 and opts.intake_copies == 1 and opts.json_out is None


def test_every_option_is_parsed():
    opts = parse_args(["--mode", "full", "--rate", "300", "--duration", "30", "--routing-copies", "2",
                       "--intake-copies", "3", "--json-out", "out.json", "--profile", "prof",
                       "--drain-timeout", "20", "--seed", "7"])
    assert (opts.mode, opts.rate, opts.sustained_duration, opts.routing_copies, opts.intake_copies) == \
        ("full", 300.0, 30.0, 2, 3)
    assert (opts.json_out, opts.profile, opts.drain_timeout, opts.seed) == ("out.json", "prof", 20.0, 7)


@pytest.mark.parametrize("argv", [["--mode", "slow"], ["--rate", "0"], ["--rate", "-5"], ["--duration", "0"],
                                  ["--routing-copies", "0"], ["--intake-copies", "x"], ["--bogus"]])
def test_bad_options_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_full_mode_plans_the_floor_the_steps_saturation_and_the_burst():
    phases = plan(parse_args(["--mode", "full"]))
    by_name = {p.name: p for p in phases}
    assert [p.name for p in phases] == ["warmup", "step-100", "sustained-250", "step-500", "saturation",
                                        "burst-1000"]
    assert by_name["sustained-250"].duration == 60.0 and by_name["sustained-250"].rate == 250.0
    assert by_name["saturation"].kind == "closed"
    assert by_name["burst-1000"].rate == 1000.0 and by_name["burst-1000"].duration == 10.0
    assert by_name["burst-1000"].drain_timeout >= 60.0
    assert all(p.kind == "open" for p in phases if p.name != "saturation")


def test_quick_mode_keeps_its_load_well_under_a_minute():
    phases = plan(parse_args(["--mode", "quick"]))
    assert sum(p.duration for p in phases) <= 25.0
    assert {p.rate for p in phases if p.role in ("step", "sustained")} == set(STEPS)
    assert not any(p.role == "burst" for p in phases)


def test_a_rate_off_the_steps_adds_its_own_sustained_phase():
    phases = plan(parse_args(["--rate", "300", "--duration", "5"]))
    sustained = [p for p in phases if p.role == "sustained"]
    assert [(p.rate, p.duration) for p in sustained] == [(300.0, 5.0)]
    assert {p.rate for p in phases if p.role == "step"} == set(STEPS)
    rates = [p.rate for p in phases if p.role in ("step", "sustained")]
    assert rates == sorted(rates)


def test_routing_comparison_phase_is_the_same_load_for_each_copy_count():
    opts = parse_args(["--routing-copies", "2"])
    one, two = comparison_phase(opts, 1), comparison_phase(opts, 2)
    assert (one.name, two.name) == ("routing-x1", "routing-x2")
    assert (one.rate, one.duration, one.kind) == (two.rate, two.duration, two.kind)


def test_phases_can_be_chosen_by_name_or_role():
    phases = plan(parse_args(["--mode", "full", "--phases", "warmup, sustained,burst-1000"]))
    assert [p.name for p in phases] == ["warmup", "sustained-250", "burst-1000"]
    assert plan(parse_args(["--phases", "step"])) == [p for p in plan(Options()) if p.role == "step"]
    assert parse_args(["--mongo-ops"]).mongo_ops is True


def test_sample_applications_are_varied_valid_and_never_repeat_a_neighbourhood():
    import json

    from bench.payloads import load, prepare

    samples = load()
    assert len(samples) >= 40 and len({s["channel"] for s in samples}) >= 4
    first, second = prepare(300, seed=1), prepare(300, seed=1)
    bodies = [json.loads(p.body) for p in first]
    assert {p.api_key for p in first} <= {f"dev-{s['channel']}" for s in samples}
    assert all(b["text"] and b["kind"] and b["consent"]["kvkk_ack"] for b in bodies)
    assert all(b["citizen"].get("phone") for b in bodies if b["consent"].get("notify_sms"))
    hoods = [b["location"]["neighbourhood"] for p in first + second
             for b in [json.loads(p.body)] if "neighbourhood" in b.get("location", {})]
    assert hoods and len(hoods) == len(set(hoods))  # duplicate detection must not link bench traffic


def test_routing_comparison_queues_a_real_backlog_through_intake():
    from bench.options import comparison_phase

    quick, full = comparison_phase(parse_args([]), 1), comparison_phase(parse_args(["--mode", "full"]), 2)
    assert (quick.name, quick.role, quick.kind) == ("routing-x1", "routing-compare", "backlog")
    assert int(quick.rate * quick.duration) == 300 and int(full.rate * full.duration) == 2000
    assert full.name == "routing-x2" and full.drain_timeout >= 120


def test_final_wait_for_stragglers():
    assert parse_args([]).final_drain == 20.0
    assert parse_args(["--mode", "full"]).final_drain == 120.0
    assert parse_args(["--drain-timeout", "7"]).final_drain == 14.0
