"""Test doubles for the routing tests: a deterministic classifier and emergency detector.

No tests here; other routing test modules import these.
"""

from dataclasses import dataclass

from services.routing.domain.turkish import fold

KEYWORDS = {"cop": "cevre", "su ": "kaski", "kanalizasyon": "kaski", "agac": "park-bahce",
            "otobus": "ulasim", "cukur": "fen-isleri", "kopek": "veteriner", "gaz": "itfaiye"}


@dataclass(frozen=True)
class FakePrediction:
    department: str
    confidence: float
    alternatives: list[tuple[str, float]]


class FakeClassifier:
    """Knows a few words; anything else is a low-confidence guess (→ triage)."""

    threshold = 0.5
    version = "fake-1"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def predict(self, text: str, district: str | None = None) -> FakePrediction:
        self.calls.append((text, district))
        folded = fold(text) + " "
        for word, department in KEYWORDS.items():
            if word in folded:
                return FakePrediction(department, 0.9, [(department, 0.9), ("halkla-iliskiler", 0.05),
                                                        ("zabita", 0.05)])
        return FakePrediction("halkla-iliskiler", 0.2, [("halkla-iliskiler", 0.2), ("zabita", 0.15),
                                                        ("cevre", 0.1)])


def fake_detect_emergency(text: str) -> str | None:
    folded = fold(text)
    if "gaz kok" in folded:
        return "gas"
    if "yangin" in folded:
        return "fire"
    return None


def fake_provider():
    from services.routing.adapters.classifier import ClassifierProvider

    return ClassifierProvider(classifier=FakeClassifier(), detect_emergency=fake_detect_emergency)
