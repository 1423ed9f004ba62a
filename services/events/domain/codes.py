"""Participant keys (who counts as the same person), check-in codes and secret codes."""

import hashlib
import secrets
from datetime import date

# No 0/O, 1/I/L: read aloud at the door and typed by staff.
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECKIN_LENGTH = 6

_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_FOLD = str.maketrans({"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u"})


def fold(text: str) -> str:
    """Turkish-aware lower-casing and folding: 'IŞIK', 'Işık' and 'isik' are the same name."""
    lowered = text.translate(_TURKISH_LOWER).lower()
    return " ".join(lowered.translate(_FOLD).split())


def adult_key(phone_e164: str) -> str:
    return f"phone:{phone_e164}"


def child_key(name: str, birth_date: date) -> str:
    """Siblings share a guardian's phone, so a child is known by name and birth date."""
    return f"child:{fold(name)}:{birth_date.isoformat()}"


def released_key(key: str, registration_id: str) -> str:
    """A cancelled registration frees its participant key so the person may register again."""
    return f"released:{registration_id}:{key}"


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))


def normalise_checkin_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_secret() -> str:
    return secrets.token_urlsafe(9)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str | None, stored_hash: str) -> bool:
    return bool(secret) and secrets.compare_digest(hash_secret(secret), stored_hash)
