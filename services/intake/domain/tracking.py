"""Tracking numbers (`153-2026-004217`) and the short code the citizen gets with one.

Numbers come from per-year blocks reserved with one atomic `$inc` on a counter, so any number
of intake copies hand out unique numbers that grow within a year; a block a copy did not use up
before stopping leaves a gap, which is allowed.
"""

import hmac
import re
import secrets
from dataclasses import dataclass
from hashlib import sha256

# No 0/O, 1/I/L: the code is read out over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TRACKING_RE = re.compile(r"^(?P<prefix>\d{3})-(?P<year>\d{4})-(?P<n>\d{6,})$")


def format_tracking_no(prefix: str, year: int, n: int) -> str:
    return f"{prefix}-{year}-{n:06d}"


def is_tracking_no(value: str) -> bool:
    return bool(TRACKING_RE.match(value))


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def counter_id(prefix: str, year: int) -> str:
    return f"tracking-{prefix}-{year}"


@dataclass
class NumberBlock:
    """Numbers first..last (inclusive) of one year, reserved by this process."""

    year: int
    next: int
    last: int

    @classmethod
    def from_counter(cls, year: int, counter_after_inc: int, size: int) -> "NumberBlock":
        return cls(year=year, next=counter_after_inc - size + 1, last=counter_after_inc)

    def take(self) -> int | None:
        if self.next > self.last:
            return None
        n = self.next
        self.next += 1
        return n


def open311_token(secret: str, tracking_no: str) -> str:
    """A token that names its request without storage: the number and a signature over it."""
    return f"{tracking_no}.{_sign(secret, tracking_no)}"


def token_tracking_no(secret: str, token: str) -> str | None:
    number, _, signature = token.rpartition(".")
    if not is_tracking_no(number) or not hmac.compare_digest(signature, _sign(secret, number)):
        return None
    return number


def _sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), f"open311-token:{value}".encode(), sha256).hexdigest()[:16]
