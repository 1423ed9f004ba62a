"""The committed artefact: loads fast enough, knows the 13 departments, is insensitive to spelling."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.routing.classifier import load_classifier
from services.routing.classifier.features import normalise
from services.routing.classifier.model import METADATA, MODEL_DIR
from services.routing.classifier.synth.noise import ascii_fold, lower_tr, upper_tr
from shared.enums import Department

pytestmark = pytest.mark.unit

CODES = {d.value for d in Department if d is not Department.TRIAGE}
ROOT = Path(__file__).resolve().parents[2]


def test_metadata_describes_the_artefact():
    metadata = json.loads((MODEL_DIR / METADATA).read_text(encoding="utf-8"))
    for key in ("version", "training_data_sha256", "sklearn_version", "threshold", "cv"):
        assert key in metadata
    assert set(metadata["cv"]) >= {"top1", "triage_rate", "accuracy_non_triage", "folds"}
    classifier = load_classifier()
    assert classifier.version == metadata["version"]
    assert classifier.threshold == pytest.approx(metadata["threshold"])


def test_artefact_is_small():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 5_000_000


def test_artefact_knows_exactly_the_13_departments():
    assert set(load_classifier().classes) == CODES


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("çöp alınmadı 3 gündür", "cevre"),
        ("Sokak lambası 2 haftadır yanmıyor", "fen-isleri"),
        ("sabahtan beri sular yok", "kaski"),
        ("parktaki salıncak kırık", "park-bahce"),
        ("otobüs durakta durmadı", "ulasim"),
        ("kafe kaldırıma masa sandalye dizmiş", "zabita"),
        ("sokak köpekleri çocuklara saldırıyor", "veteriner"),
        ("baca temizliği için sıra almak istiyorum", "itfaiye"),
        ("kömür yardımı başvurusu ne zaman", "sosyal-hizmetler"),
        ("komşu ruhsatsız kat çıkıyor", "imar"),
        ("kütüphane hafta sonu açık mı", "kultur"),
        ("yaz spor okulu kayıtları ne zaman", "spor"),
        ("153 çağrı merkezi telefonu açmıyor", "halkla-iliskiler"),
    ],
)
def test_one_obvious_line_per_department(text, department):
    assert load_classifier().predict(text).department == department


def test_turkish_i_and_spelling_variants_normalise_alike():
    assert normalise("İSTANBUL IŞIK") == normalise("istanbul ışık") == normalise("istanbul isik")
    assert normalise("ÇÖP ALINMADI!!!") == normalise("cop alinmadi") == "cop alinmadi"
    assert normalise("cooook kötüüü") == normalise("cook kotuu")


@pytest.mark.parametrize(
    "text",
    ["Çöp alınmadı 3 gündür, konteyner dolup taşıyor", "Kırık kaldırım taşları yüzünden yaşlılar düşüyor", "Şoför kapıyı yüzüme kapattı"],
)
def test_caps_lower_and_no_turkish_letters_classify_the_same(text):
    classifier = load_classifier()
    expected = classifier.predict(text)
    for variant in (upper_tr(text), lower_tr(text), ascii_fold(text), upper_tr(ascii_fold(text))):
        assert classifier.predict(variant) == expected


def test_eval_cli_prints_one_json_line(tmp_path):
    lines = [
        {"text": "çöp alınmadı 3 gündür", "department": "cevre"},
        {"text": "sular yok sabahtan beri", "department": "kaski"},
        {"text": "su yok", "department": "imar"},
    ]
    data = tmp_path / "tiny.jsonl"
    data.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "services.routing.classifier", "eval", str(data)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    out = result.stdout.strip().splitlines()
    assert len(out) == 1
    figures = json.loads(out[0])
    assert set(figures) == {"top1", "triage_rate", "accuracy_non_triage"}
    assert figures["top1"] == pytest.approx(2 / 3, abs=1e-3)
    assert 0.0 <= figures["triage_rate"] <= 1.0


def test_eval_cli_rejects_a_missing_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "services.routing.classifier", "eval", str(tmp_path / "nope.jsonl")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
