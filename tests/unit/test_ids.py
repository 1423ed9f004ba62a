import re
import uuid
from itertools import count

import pytest

from shared import ids
from shared.pii import redact

pytestmark = pytest.mark.unit


class _Draws:
    """uuid4 stand-in that first returns hex a phone mask would swallow, then ordinary hex."""

    def __init__(self, *hexes: str):
        self.hexes, self.calls = list(hexes), count()

    def __call__(self):
        next(self.calls)
        return uuid.UUID(hex=self.hexes.pop(0))


def test_an_id_that_log_masking_would_hide_is_drawn_again(monkeypatch):
    phone_like = "ab5321234567cdef" + "0" * 16  # ten digits starting with 5: masked as a phone
    ordinary = "3fa85f6457174562b3fc2c963f66afa6"
    assert redact(f"er-{phone_like[:16]}") != f"er-{phone_like[:16]}"
    draws = _Draws(phone_like, ordinary)
    monkeypatch.setattr(ids, "uuid4", draws)
    assert ids.new_id("er", 16) == "er-3fa85f6457174562"
    assert next(draws.calls) == 2


def test_a_uuid_that_log_masking_would_hide_is_drawn_again(monkeypatch):
    hidden = "3fa85f6457174562b3fc10000000146a"  # the last group holds a valid TC kimlik no
    assert redact(str(uuid.UUID(hex=hidden))) != str(uuid.UUID(hex=hidden))
    monkeypatch.setattr(ids, "uuid4", _Draws(hidden, "3fa85f6457174562b3fc2c963f66afa6"))
    assert ids.new_uuid() == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_ids_survive_masking_in_a_log_line():
    made = [ids.new_id("er", 16) for _ in range(3000)] + [ids.new_uuid() for _ in range(3000)]
    assert all(redact(f"erasure {m} requested by key-1") == f"erasure {m} requested by key-1" for m in made)
    assert all(re.fullmatch(r"er-[0-9a-f]{16}", m) for m in made[:3000])
    assert len(set(made)) == len(made)
