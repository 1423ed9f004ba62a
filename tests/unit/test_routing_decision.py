"""The decision order: service code (or its district override) → rules → classifier → triage;
emergencies are urgent whatever the path."""

import pytest

from services.routing.domain.catalogue import Catalogue
from services.routing.domain.decision import decide
from services.routing.domain.rules import Rule, first_match
from tests.unit.test_routing_fakes import FakeClassifier, fake_detect_emergency

pytestmark = pytest.mark.unit

CATALOGUE = Catalogue.from_services(3, [
    {"code": "cop-toplama", "department": "cevre", "sla": {"amount": 3, "unit": "calendar_days"}},
    {"code": "eski-hizmet", "department": "kaski", "active": False},
    {"code": "bilinmeyen", "department": "no-such-department"},
])
RULES = [
    Rule("r-snow", "fen-isleri", keywords=("kar", "buzlanma")),
    Rule("r-talas", "zabita", service_code="cop-toplama", district="Talas", priority=10),
    Rule("r-off", "kultur", keywords=("kar",), active=False, priority=1),
    Rule("r-info", "halkla-iliskiler", kind="thanks", priority=50),
]


def run(text, *, service_code=None, district=None, kind="complaint", rules=RULES, classifier=None):
    return decide(text, service_code=service_code, district=district, kind=kind, catalogue=CATALOGUE, rules=rules,
                  classifier=classifier or FakeClassifier(), detect_emergency=fake_detect_emergency)


def test_service_code_wins_without_asking_the_classifier():
    classifier = FakeClassifier()
    decision = run("otobüs gelmedi", service_code="cop-toplama", classifier=classifier)
    assert (decision.department, decision.path, decision.confidence) == ("cevre", "code", 1.0)
    assert classifier.calls == [] and "cop-toplama" in decision.reason


def test_district_override_of_a_service_code():
    decision = run("çöp", service_code="cop-toplama", district="TALAS")
    assert (decision.department, decision.path, decision.rule_id) == ("zabita", "rule", "r-talas")
    assert run("çöp", service_code="cop-toplama", district="Kocasinan").path == "code"


def test_keyword_rule_folds_turkish_and_matches_word_starts():
    decision = run("KARDAN yollar kapandı")
    assert (decision.department, decision.path, decision.rule_id) == ("fen-isleri", "rule", "r-snow")
    assert "kar" in decision.reason
    assert run("buzlanmadan düştüm").department == "fen-isleri"
    assert run("şekerli su").path != "rule"  # "kar" inside a word does not match


@pytest.mark.parametrize("code", ["eski-hizmet", "bilinmeyen", "yok-boyle-kod"])
def test_inactive_unknown_or_unroutable_codes_fall_through(code):
    assert run("otobüs gelmedi", service_code=code).path == "classifier"


def test_classifier_and_triage_below_threshold():
    confident = run("otobüs 40 dakikadır gelmedi", district="Talas")
    assert (confident.department, confident.path, confident.model_version) == ("ulasim", "classifier", "fake-1")
    assert confident.alternatives[0] == ("ulasim", 0.9)
    unsure = run("merhaba bir sorum olacaktı")
    assert (unsure.department, unsure.path) == ("triage", "triage")
    assert unsure.alternatives[0][0] == "halkla-iliskiler" and "threshold" in unsure.reason


def test_kind_rule():
    assert run("çok teşekkürler ekibinize", kind="thanks").rule_id == "r-info"


def test_emergency_is_urgent_on_every_path():
    assert run("evde gaz kokuyor", service_code="cop-toplama").emergency == "gas"
    assert run("yangın var kar yağarken").urgent and run("yangın var kar yağarken").path == "rule"
    assert run("yangın çıktı").urgent
    assert not run("otobüs gelmedi").urgent


def test_rule_order_is_priority_then_id():
    rules = [Rule("b", "kaski", keywords=("su",), priority=5), Rule("a", "cevre", keywords=("su",), priority=5)]
    assert first_match(rules, "su yok", None, None, None, overrides=False).rule_id == "a"
    assert Rule("x", "kaski").matches("anything", None, None, None) is False  # no condition: never matches


def test_a_broken_classifier_sends_to_triage_instead_of_failing():
    from services.routing.adapters.classifier import ClassifierProvider

    class Broken:
        threshold, version = 0.5, "broken"

        def predict(self, text, district=None):
            raise RuntimeError("model file truncated")

    provider = ClassifierProvider(classifier=Broken(), detect_emergency=fake_detect_emergency)
    decision = run("otobüs gelmedi", classifier=provider())
    assert (decision.department, decision.path) == ("triage", "triage")
    missing = ClassifierProvider("/nonexistent/model-dir", detect_emergency=fake_detect_emergency)
    assert run("otobüs gelmedi", classifier=missing()).path == "triage"
