"""What can go wrong with a submission, as values the entry points turn into their own formats."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class FieldError:
    loc: tuple[str | int, ...]
    msg: str
    type: str

    def as_dict(self, prefix: tuple[str, ...] = ()) -> dict[str, Any]:
        return {"loc": [*prefix, *self.loc], "msg": self.msg, "type": self.type}

    @property
    def field(self) -> str:
        return ".".join(map(str, self.loc))


class InvalidApplication(Exception):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.msg}" for e in errors))


class IdempotencyConflict(Exception):
    """The same idempotency key arrived earlier with a different body."""

    def __init__(self, key: str, tracking_no: str):
        self.key = key
        self.tracking_no = tracking_no
        super().__init__("this idempotency key was used with a different body")


def field_errors(exc: ValidationError) -> list[FieldError]:
    return [FieldError(tuple(e["loc"]), e["msg"], e["type"]) for e in exc.errors()]
