"""Sample applications: varied Turkish texts from several channels, as ready-to-send bodies."""

import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "requests_tr.jsonl"
# Fictitious numbers in the 0555 000 range: valid in form, belonging to nobody.
NEIGHBOURHOODS = ["Gültepe", "Hunat", "Alpaslan", "Esentepe", "Talas Merkez", "Mimarsinan", "Erkilet", "Kocatepe"]
PHONES = [f"0555 000 {i // 100:02d} {i % 100:02d}" for i in range(100, 140)]


@dataclass(frozen=True)
class Prepared:
    api_key: str
    body: bytes


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def application(sample: dict, rnd: random.Random) -> dict:
    """The HTTP body: about half the citizens leave a phone and want SMS updates."""
    body: dict = {"kind": sample["kind"], "text": sample["text"],
                  "consent": {"kvkk_ack": True}, "channel_meta": {"message_id": str(uuid.uuid4())}}
    if sample.get("district"):
        body["location"] = {"district": sample["district"]}
        if rnd.random() < 0.6:
            # A neighbourhood makes routing run its duplicate search; a unique one keeps the
            # repeated sample texts from being linked as duplicates (which send no work item).
            # Unique across runs too (not from the seeded generator): the window is 7 days.
            body["location"]["neighbourhood"] = f"{rnd.choice(NEIGHBOURHOODS)} {uuid.uuid4().int % 10 ** 9:09d}"
    if rnd.random() < 0.5:
        body["citizen"] = {"phone": rnd.choice(PHONES)}
        body["consent"]["notify_sms"] = True
    return body


def prepare(count: int, seed: int, samples: list[dict] | None = None) -> list[Prepared]:
    """`count` bodies in a shuffled order, each with a fresh channel message id (no replays)."""
    samples = samples or load()
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        sample = samples[rnd.randrange(len(samples))] if i >= len(samples) else samples[i]
        out.append(Prepared(f"dev-{sample['channel']}", json.dumps(application(sample, rnd),
                                                                     ensure_ascii=False).encode()))
    rnd.shuffle(out)
    return out
