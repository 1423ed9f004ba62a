"""Where the labelled data lives and how it is read."""

import hashlib
import json
import os
from pathlib import Path

from shared.enums import Department

DEPARTMENTS = frozenset(d.value for d in Department if d is not Department.TRIAGE)

PACKAGE = Path(__file__).resolve().parent
DATA_DIR = PACKAGE / "data"
# the 234 real lines live next to the checkout (../shared/data), not in it
_DEFAULT_REAL = PACKAGE.parents[3] / "shared" / "data" / "requests_tr_train.jsonl"
REAL_DATA = Path(os.environ.get("IRTIBAT_TRAIN_DATA", _DEFAULT_REAL))
SYNTHETIC = DATA_DIR / "synthetic.jsonl"
HANDWRITTEN = DATA_DIR / "handwritten.jsonl"
LEXICON = DATA_DIR / "lexicon.jsonl"
HOLDOUT = DATA_DIR / "holdout_handwritten.jsonl"
TRAINING_FILES = (SYNTHETIC, HANDWRITTEN, LEXICON)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_real() -> list[dict]:
    if not REAL_DATA.exists():
        raise FileNotFoundError(f"{REAL_DATA} not found: set IRTIBAT_TRAIN_DATA to requests_tr_train.jsonl")
    return read_jsonl(REAL_DATA)


def read_extra() -> list[dict]:
    rows: list[dict] = []
    for path in TRAINING_FILES:
        if path.exists():
            rows.extend(read_jsonl(path))
    return rows


def read_corrections(paths: list[Path]) -> list[dict]:
    """Labelled lines from outside (reassigned cases): only real department codes, never triage."""
    rows = []
    for path in paths:
        for row in read_jsonl(path):
            if row.get("text") and row.get("department") in DEPARTMENTS:
                rows.append({"text": row["text"], "department": row["department"], "source": "correction"})
    return rows


def data_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
