"""Erasure subjects (DESIGN.md, Contracts): who a `citizen.erasure_requested` is about, without
sending the personal data itself — HMAC-SHA256 (hex) with the shared secret of the E.164 phone
number, the lower-cased e-mail address or the national id."""

import hashlib
import hmac


def subject(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def subjects_for(secret: str, *, phones: tuple[str | None, ...] = (), email: str | None = None,
                 national_id: str | None = None) -> list[str]:
    """Subjects of a person's identifiers (phones already in E.164); empty values are skipped."""
    values = [p for p in phones if p] + ([email.strip().lower()] if email and email.strip() else [])
    values += [national_id] if national_id else []
    return sorted({subject(secret, v) for v in values})
