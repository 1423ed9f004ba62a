"""Write data/synthetic.jsonl: a fixed number of distinct lines per department, fixed seed."""

import json
import random
from pathlib import Path

from services.routing.classifier.synth.compose import compose
from services.routing.classifier.synth import noise
from services.routing.classifier.synth.depts import load_all
from services.routing.classifier.synth.lexicon import FRAMES, LEXICON, terms

SEED = 20250101
PER_DEPARTMENT = 600


def generate(path: Path, per_department: int = PER_DEPARTMENT, seed: int = SEED) -> dict[str, int]:
    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[dict] = []
    counts: dict[str, int] = {}
    for code, module in load_all().items():
        made = attempts = 0
        while made < per_department and attempts < per_department * 5:
            attempts += 1
            row = compose(module, rng)
            key = row["text"].lower()
            if key in seen:
                continue
            seen.add(key)
            row["id"] = f"syn-{len(rows) + 1:05d}"
            rows.append(row)
            made += 1
        counts[code] = made
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return counts


def generate_lexicon(path: Path, per_term: int = 3, seed: int = SEED) -> int:
    """Short lines built from the department vocabularies (bare term and neutral frames)."""
    rng = random.Random(seed)
    rows = []
    for code in LEXICON:
        for term in terms(code):
            for frame in [FRAMES[0], *rng.sample(FRAMES[2:], per_term - 1)]:
                text = noise.style(frame.format(t=term), "mobile", rng)
                rows.append({"id": f"lex-{len(rows) + 1:05d}", "text": text, "department": code, "source": "lexicon"})
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)
