"""Scoring a labelled JSONL file: top-1, triage rate and accuracy above the threshold."""

import json
from pathlib import Path

from services.routing.classifier.model import TextClassifier


def evaluate(classifier: TextClassifier, path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    correct = triaged = correct_confident = 0
    for row in rows:
        prediction = classifier.predict(row["text"], row.get("district"))
        hit = prediction.department == row["department"]
        correct += hit
        if prediction.confidence < classifier.threshold:
            triaged += 1
        else:
            correct_confident += hit
    total = len(rows)
    confident = total - triaged
    return {
        "top1": round(correct / total, 4) if total else 0.0,
        "triage_rate": round(triaged / total, 4) if total else 0.0,
        "accuracy_non_triage": round(correct_confident / confident, 4) if confident else 0.0,
    }
