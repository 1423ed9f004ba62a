"""Errors a use case raises; entrypoints turn them into HTTP answers (404, 409, 422)."""

from services.events.domain.eligibility import Refusal


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(f"{what} not found")
        self.what = what


class Conflict(Exception):
    """The request cannot be done in the current state (409); `reason` is machine-readable."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


class Refused(Exception):
    """Eligibility or input refusals (422), each naming its field."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__("; ".join(f"{r.field}: {r.reason}" for r in refusals))
        self.refusals = refusals
