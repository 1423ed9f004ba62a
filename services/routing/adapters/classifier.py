"""The text classifier behind a lazy loader, so the artefact loads once, on first use, and a test
can hand in its own."""

import threading
from collections.abc import Callable

from services.routing.domain.decision import ClassifierLike


class ClassifierProvider:
    def __init__(self, path: str | None = None, *, classifier: ClassifierLike | None = None,
                 detect_emergency: Callable[[str], str | None] | None = None):
        self._path = path
        self._classifier = classifier
        self._detect = detect_emergency
        self._lock = threading.Lock()

    def __call__(self) -> ClassifierLike:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    from services.routing.classifier import load_classifier

                    self._classifier = load_classifier(self._path)
        return self._classifier

    def detect_emergency(self, text: str) -> str | None:
        if self._detect is None:
            from services.routing.classifier import detect_emergency

            self._detect = detect_emergency
        return self._detect(text)
