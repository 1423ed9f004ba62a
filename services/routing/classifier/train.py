"""Training: reproducible, writes the artefact and its metadata into model/."""

import hashlib
import json
from pathlib import Path

import joblib
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from services.routing.classifier.model import ARTEFACT, METADATA, MODEL_DIR
from services.routing.domain.turkish import fold

REAL_DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "requests_tr_train.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_pipeline():
    features = make_union(
        TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1),
        TfidfVectorizer(preprocessor=fold, analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    return make_pipeline(features, LogisticRegression(C=20.0, max_iter=2000))


def train(out_dir: Path = MODEL_DIR) -> dict:
    rows = read_jsonl(REAL_DATA)
    texts = [r["text"] for r in rows]
    labels = [r["department"] for r in rows]
    pipeline = build_pipeline().fit(texts, labels)
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, out_dir / ARTEFACT, compress=3)
    metadata = {
        "version": "0.1.0-baseline",
        "training_data_sha256": hashlib.sha256(REAL_DATA.read_bytes()).hexdigest(),
        "sklearn_version": sklearn.__version__,
        "threshold": 0.2,
        "cv": None,
    }
    (out_dir / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata
