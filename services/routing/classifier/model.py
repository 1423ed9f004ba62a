"""Loading the versioned artefact and predicting a department."""

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
ARTEFACT = "classifier.joblib"
METADATA = "metadata.json"


@dataclass(frozen=True)
class Prediction:
    department: str
    confidence: float
    alternatives: list[tuple[str, float]]


class TextClassifier:
    def __init__(self, pipeline, metadata: dict) -> None:
        self._pipeline = pipeline
        self._classes: list[str] = list(pipeline.classes_)
        self.threshold: float = float(metadata["threshold"])
        self.version: str = str(metadata["version"])
        self.metadata = metadata

    def predict(self, text: str, district: str | None = None) -> Prediction:
        proba = self._pipeline.predict_proba([text or ""])[0]
        order = np.argsort(-proba)[:3]
        alternatives = [(self._classes[i], round(float(proba[i]), 4)) for i in order]
        return Prediction(alternatives[0][0], alternatives[0][1], alternatives)


_CACHE: dict[str, TextClassifier] = {}
_LOCK = threading.Lock()


def load_classifier(path: str | None = None) -> TextClassifier:
    directory = Path(path) if path else MODEL_DIR
    key = str(directory.resolve())
    with _LOCK:
        if key not in _CACHE:
            metadata = json.loads((directory / METADATA).read_text(encoding="utf-8"))
            pipeline = joblib.load(directory / ARTEFACT)
            _CACHE[key] = TextClassifier(pipeline, metadata)
        return _CACHE[key]
