"""The department decision, in DESIGN.md's order: the service code's department (or a district
override of it) → configured rules → the text classifier → triage when the classifier is unsure.
An emergency keeps its department but is marked urgent and copied to the supervisor."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from services.routing.domain.catalogue import DEPARTMENT_CODES, Catalogue
from services.routing.domain.rules import Rule, explain, first_match
from shared.enums import Department, RoutingPath

TRIAGE = Department.TRIAGE.value


class PredictionLike(Protocol):
    department: str
    confidence: float
    alternatives: list[tuple[str, float]]


class ClassifierLike(Protocol):
    threshold: float
    version: str

    def predict(self, text: str, district: str | None = None) -> PredictionLike: ...


EmergencyDetector = Callable[[str], str | None]


@dataclass(frozen=True)
class Decision:
    department: str
    path: RoutingPath
    confidence: float
    reason: str
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    emergency: str | None = None
    rule_id: str | None = None
    model_version: str | None = None

    @property
    def urgent(self) -> bool:
        return self.emergency is not None


def decide(text: str, *, service_code: str | None, district: str | None, kind: str | None,
           catalogue: Catalogue, rules: list[Rule], classifier: ClassifierLike,
           detect_emergency: EmergencyDetector) -> Decision:
    emergency = detect_emergency(text or "")
    entry = catalogue.routable(service_code)
    if entry is not None:
        override = first_match(rules, text, district, service_code, kind, overrides=True)
        if override is not None and override.department in DEPARTMENT_CODES:
            return Decision(override.department, RoutingPath.RULE, 1.0, explain(override, text),
                            emergency=emergency, rule_id=override.rule_id)
        return Decision(entry.department, RoutingPath.CODE, 1.0,
                        f"service code {entry.code} belongs to {entry.department}", emergency=emergency)
    rule = first_match(rules, text, district, service_code, kind, overrides=False)
    if rule is not None and rule.department in DEPARTMENT_CODES:
        return Decision(rule.department, RoutingPath.RULE, 1.0, explain(rule, text), emergency=emergency,
                        rule_id=rule.rule_id)
    prediction = classifier.predict(text or "", district=district)
    alternatives = [(d, float(s)) for d, s in prediction.alternatives]
    confidence = float(prediction.confidence)
    if confidence < classifier.threshold or prediction.department not in DEPARTMENT_CODES:
        return Decision(TRIAGE, RoutingPath.TRIAGE, confidence,
                        f"classifier unsure: {prediction.department} at {confidence:.2f} "
                        f"< threshold {classifier.threshold:.2f}", alternatives, emergency,
                        model_version=classifier.version)
    return Decision(prediction.department, RoutingPath.CLASSIFIER, confidence,
                    f"classifier {classifier.version}: {prediction.department} at {confidence:.2f}",
                    alternatives, emergency, model_version=classifier.version)
