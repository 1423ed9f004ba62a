"""The text classifier behind a lazy loader, so the artefact loads once, on first use, and a test
can hand in its own. A classifier that cannot load or fails on a text never stops routing: the
application goes to the supervisor (triage) with the reason said."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from services.routing.domain.decision import ClassifierLike, PredictionLike

log = logging.getLogger("irtibat.routing.classifier")
RELOAD_AFTER_S = 30.0


@dataclass(frozen=True)
class _Fallback:
    department: str = "triage"
    confidence: float = 0.0
    alternatives: list[tuple[str, float]] = field(default_factory=list)


class _Unavailable:
    threshold = 1.0
    version = "unavailable"

    def predict(self, text: str, district: str | None = None) -> PredictionLike:
        return _Fallback()


class _Guarded:
    def __init__(self, inner: ClassifierLike):
        self.inner = inner
        self.threshold = inner.threshold
        self.version = inner.version

    def predict(self, text: str, district: str | None = None) -> PredictionLike:
        try:
            return self.inner.predict(text, district=district)
        except Exception:  # noqa: BLE001 - one odd text must not stop the queue
            log.exception("classifier failed on a text; sending it to triage")
            return _Fallback()


class ClassifierProvider:
    def __init__(self, path: str | None = None, *, classifier: ClassifierLike | None = None,
                 detect_emergency: Callable[[str], str | None] | None = None):
        self._path = path
        self._classifier = _Guarded(classifier) if classifier is not None else None
        self._detect = detect_emergency
        self._lock = threading.Lock()
        self._failed_at: float | None = None

    def __call__(self) -> ClassifierLike:
        if self._classifier is not None:
            return self._classifier
        if self._failed_at is not None and time.monotonic() - self._failed_at < RELOAD_AFTER_S:
            return _Unavailable()
        with self._lock:
            if self._classifier is None:
                try:
                    from services.routing.classifier import load_classifier

                    self._classifier = _Guarded(load_classifier(self._path))
                    self._failed_at = None
                except Exception:  # noqa: BLE001 - route to triage until an artefact loads
                    log.exception("classifier artefact could not be loaded; routing unsure texts to triage")
                    self._failed_at = time.monotonic()
                    return _Unavailable()
        return self._classifier

    def detect_emergency(self, text: str) -> str | None:
        if self._detect is None:
            from services.routing.classifier import detect_emergency

            self._detect = detect_emergency
        return self._detect(text)
