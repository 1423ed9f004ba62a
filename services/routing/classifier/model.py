"""The trained artefact (vocabularies, idf, linear weights) and fast prediction without sklearn.

Prediction re-implements TF-IDF (sublinear tf, l2 per feature block) and the linear scores with
plain dicts and numpy, so a text costs well under a millisecond and loading needs no pickle.
"""

import json
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.routing.classifier.features import char_features, normalise, word_features

MODEL_DIR = Path(__file__).resolve().parent / "model"
ARTEFACT = "classifier.npz"
METADATA = "metadata.json"
BLOCKS = {"char": char_features, "word": word_features}
_SEP = "\x1f"


@dataclass(frozen=True)
class Prediction:
    department: str
    confidence: float
    alternatives: list[tuple[str, float]]


class TextClassifier:
    def __init__(self, arrays: dict[str, np.ndarray], metadata: dict) -> None:
        self.classes: list[str] = str(arrays["classes"]).split(_SEP)
        self._blocks = []
        offset = 0
        for name, analyser in BLOCKS.items():
            vocab = str(arrays[f"{name}_vocab"]).split(_SEP)
            index = {feature: offset + i for i, feature in enumerate(vocab)}
            self._blocks.append((analyser, index))
            offset += len(vocab)
        self._idf = arrays["idf"].astype(np.float64)
        self._coef = arrays["coef"].astype(np.float32)
        self._intercept = arrays["intercept"].astype(np.float64)
        self.temperature = float(metadata.get("temperature", 1.0))
        self.threshold: float = float(metadata["threshold"])
        self.version: str = str(metadata["version"])
        self.metadata = metadata
        self._word_cache: dict[str, list[int]] = {}

    def logits(self, text: str) -> np.ndarray:
        norm = normalise(text)
        scores = self._intercept.copy()
        char_columns: list[int] = []
        for word in norm.split():
            char_columns.extend(self._char_columns(word))
        word_index = self._blocks[1][1]
        word_columns = [c for c in map(word_index.get, word_features(norm)) if c is not None]
        for columns in (char_columns, word_columns):
            if columns:
                scores += self._block_scores(Counter(columns))
        return scores

    def _block_scores(self, counts: Counter) -> np.ndarray:
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        values = tf * self._idf[columns]
        values /= np.sqrt(values @ values)
        return values @ self._coef[columns]

    def _char_columns(self, word: str) -> list[int]:
        """Character n-gram columns of one word; words repeat, so they are cached."""
        cached = self._word_cache.get(word)
        if cached is None:
            if len(self._word_cache) > 200_000:
                self._word_cache.clear()
            index = self._blocks[0][1]
            cached = [c for c in map(index.get, char_features(word)) if c is not None]
            self._word_cache[word] = cached
        return cached

    def probabilities(self, text: str) -> np.ndarray:
        z = self.logits(text) / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict(self, text: str, district: str | None = None) -> Prediction:
        # district is accepted for the interface; places are not a department signal in the data
        proba = self.probabilities(text)
        order = np.argsort(-proba)[:3]
        alternatives = [(self.classes[i], round(float(proba[i]), 4)) for i in order]
        return Prediction(alternatives[0][0], alternatives[0][1], alternatives)


def save_artefact(directory: Path, classes, vocabs: dict[str, list[str]], idf, coef, intercept) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / ARTEFACT,
        classes=np.array(_SEP.join(classes)),
        **{f"{name}_vocab": np.array(_SEP.join(vocabs[name])) for name in BLOCKS},
        idf=np.asarray(idf, dtype=np.float32),
        coef=np.asarray(coef, dtype=np.float16),
        intercept=np.asarray(intercept, dtype=np.float64),
    )


_CACHE: dict[str, TextClassifier] = {}
_LOCK = threading.Lock()


def load_classifier(path: str | None = None) -> TextClassifier:
    directory = Path(path) if path else MODEL_DIR
    key = str(directory.resolve())
    with _LOCK:
        if key not in _CACHE:
            metadata = json.loads((directory / METADATA).read_text(encoding="utf-8"))
            with np.load(directory / ARTEFACT) as arrays:
                _CACHE[key] = TextClassifier(dict(arrays), metadata)
        return _CACHE[key]
