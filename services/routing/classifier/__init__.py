"""Turkish text classifier: which department should handle an application.

Public interface (used by the routing service):
    Prediction, TextClassifier, load_classifier(path=None), detect_emergency(text)
"""

from services.routing.classifier.emergency import detect_emergency
from services.routing.classifier.model import Prediction, TextClassifier, load_classifier

__all__ = ["Prediction", "TextClassifier", "detect_emergency", "load_classifier"]
