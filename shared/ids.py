"""Identifiers the services make up, drawn so that log masking never hides them.

Random hex sometimes holds ten or eleven digits in a row, which `shared.pii.redact` rightly masks
as a phone number or national id wherever it appears in a log line — about one id in 150 would
then be unsearchable in the logs. Such draws are simply drawn again.
"""

from collections.abc import Callable
from uuid import uuid4

from shared.pii import redact


def _unmasked(draw: Callable[[], str]) -> str:
    while True:
        value = draw()
        if redact(value) == value:
            return value


def new_uuid() -> str:
    """A random UUID in its canonical text form."""
    return _unmasked(lambda: str(uuid4()))


def new_id(prefix: str, hex_digits: int = 12) -> str:
    """`prefix-` followed by random hex digits, e.g. `er-3fa85f6457174562`."""
    return _unmasked(lambda: f"{prefix}-{uuid4().hex[:hex_digits]}")
