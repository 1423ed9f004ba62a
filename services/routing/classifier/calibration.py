"""Temperature scaling on out-of-fold logits and the triage threshold."""

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: np.ndarray, classes: list[str]) -> float:
    """The temperature that minimises the negative log-likelihood of the true labels (grid search)."""
    target = np.array([classes.index(label) for label in labels])
    best, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 400)):
        proba = softmax(logits / t)
        nll = -np.log(proba[np.arange(len(target)), target] + 1e-12).mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def choose_threshold(confidences: np.ndarray, target_triage: float, floor: float = 0.35, ceiling: float = 0.6) -> float:
    """The confidence below which about `target_triage` of the cross-validated lines fall.

    Cross-validated confidences are higher than on unseen text of another author, so the target is
    low and the result is clamped: never trust a top score under `floor`, never triage above `ceiling`.
    """
    return float(min(max(np.quantile(confidences, target_triage), floor), ceiling))
