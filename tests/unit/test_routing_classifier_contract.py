"""The classifier's public contract: what the routing service relies on."""

import dataclasses

import pytest

from services.routing.classifier import Prediction, TextClassifier, detect_emergency, load_classifier
from shared.enums import Department

pytestmark = pytest.mark.unit

CODES = {d.value for d in Department if d is not Department.TRIAGE}


def test_load_is_cached_and_exposes_threshold_and_version():
    classifier = load_classifier()
    assert isinstance(classifier, TextClassifier)
    assert load_classifier() is classifier
    assert 0.0 < classifier.threshold < 1.0
    assert classifier.version


def test_prediction_shape():
    prediction = load_classifier().predict("çöp alınmadı 3 gündür", district="Melikgazi")
    assert isinstance(prediction, Prediction)
    assert dataclasses.is_dataclass(prediction)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prediction.department = "x"  # type: ignore[misc]
    assert prediction.department in CODES
    assert 0.0 <= prediction.confidence <= 1.0
    assert len(prediction.alternatives) == 3
    assert prediction.alternatives[0] == (prediction.department, prediction.confidence)
    scores = [score for _, score in prediction.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert all(code in CODES for code, _ in prediction.alternatives)


@pytest.mark.parametrize("text", ["", "   ", "?!", "a" * 5000])
def test_degenerate_text_still_predicts_a_department(text):
    prediction = load_classifier().predict(text)
    assert prediction.department in CODES
    assert 0.0 <= prediction.confidence <= 1.0


def test_emergency_detection_exported():
    assert detect_emergency("doğalgaz kokusu var") == "gas"
    assert detect_emergency("doğalgaz faturası çok yüksek geldi") is None
