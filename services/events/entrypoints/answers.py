"""The error answers of the events API as the OpenAPI document declares them (deps.py produces
them): 404 not found, 409 with a reason, 422 listing each problem — a field refusal of the
use cases or FastAPI's own validation entry."""

from typing import Any

from pydantic import BaseModel


class Missing(BaseModel):
    detail: str


class ConflictReason(BaseModel):
    reason: str
    message: str


class Conflicting(BaseModel):
    detail: ConflictReason


class FieldRefusal(BaseModel):
    field: str
    reason: str
    message: str
    message_tr: str | None = None


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Unprocessable(BaseModel):
    detail: list[FieldRefusal | FieldProblem]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Missing, "description": "No such event, session or registration (or a draft)"},
    409: {"model": Conflicting, "description": "Not possible in the current state (reason names why)"},
    422: {"model": Unprocessable, "description": "Each problem with its field"},
}
