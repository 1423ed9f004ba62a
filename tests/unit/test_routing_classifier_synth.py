"""The training-data generator: deterministic, all departments, realistic noise."""

import random

import pytest

from services.routing.classifier.synth import noise
from services.routing.classifier.synth.generate import generate
from services.routing.classifier.synth.grammar import expand
from shared.enums import Department

pytestmark = pytest.mark.unit

CODES = {d.value for d in Department if d is not Department.TRIAGE}


def test_expand_picks_alternatives_options_and_slots():
    rng = random.Random(1)
    seen = {expand("{a|b|c}[ x] $ILCE", rng) for _ in range(200)}
    assert {s.split()[0] for s in seen} == {"a", "b", "c"}
    assert any(" x " in s for s in seen) and any(" x " not in s for s in seen)
    assert all("$" not in s for s in seen)


def test_expand_rejects_unbalanced_templates():
    with pytest.raises(ValueError):
        expand("{a|b", random.Random(1))


def test_generation_is_reproducible_and_covers_every_department(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    counts = generate(first, per_department=15)
    generate(second, per_department=15)
    assert first.read_bytes() == second.read_bytes()
    assert set(counts) == CODES and all(n == 15 for n in counts.values())


def test_noise_keeps_meaning_but_changes_spelling():
    assert noise.ascii_fold("Çöp alınmadı, ŞİKAYET") == "Cop alinmadi, SIKAYET"
    assert noise.upper_tr("istiyorum ışık") == "İSTİYORUM IŞIK"
    assert noise.lower_tr("İSTİYORUM IŞIK") == "istiyorum ışık"
    assert noise.capitalise("çöp alınmadı. iki gündür") == "Çöp alınmadı. İki gündür"


def test_corrections_keep_only_real_department_codes(tmp_path):
    from services.routing.classifier.data import read_corrections

    path = tmp_path / "corrections.jsonl"
    path.write_text(
        '{"text": "rögar kapağı yok", "department": "kaski", "case": "153-2025-000001"}\n'
        '{"text": "ne olduğu belli değil", "department": "triage"}\n'
        '{"text": "x", "department": "nope"}\n{"text": "", "department": "kaski"}\n',
        encoding="utf-8",
    )
    assert read_corrections([path]) == [{"text": "rögar kapağı yok", "department": "kaski", "source": "correction"}]
