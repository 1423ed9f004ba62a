"""HTTP models of the channel, look-up and admin APIs (the request body of a submission is
`services.intake.domain.application.ApplicationInput`)."""

from typing import Any

from pydantic import BaseModel, Field

from shared.enums import Channel, Role
from shared.validation import Whole


class Receipt(BaseModel):
    tracking_no: str = Field(..., examples=["153-2026-004217"])
    tracking_code: str = Field(..., description="Short random code the citizen needs for the public look-up",
                               examples=["K7M2QX"])
    status: str = Field(..., examples=["received"])
    received_at: str = Field(..., description="ISO 8601 with the Europe/Istanbul offset",
                             examples=["2026-03-01T10:15:30+03:00"])
    trace_id: str | None = None


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(BaseModel):
    detail: list[FieldProblem]


class Problem(BaseModel):
    detail: Any


class Label(BaseModel):
    tr: str
    en: str


class TimelineEntry(BaseModel):
    at: str | None
    event: str | None
    status: str | None
    label: Label
    department: str | None = None
    department_name: str | None = None
    note: str | None = None
    due_at: str | None = None


class PublicStatus(BaseModel):
    """The citizen's look-up: no personal data; free text is redacted."""

    tracking_no: str
    kind: str | None
    service_code: str | None
    service_name: str | None
    district: str | None
    text: str | None
    status: str | None
    status_label: Label
    department_name: str | None
    registered_at: str | None
    updated_at: str | None
    due_at: str | None
    timeline: list[TimelineEntry]


class KeyCreate(BaseModel):
    role: Role
    channel: Channel | None = None
    department: str | None = Field(None, examples=["kaski"])
    label: str | None = Field(None, max_length=200, examples=["Alo 153 agent desktop"])
    rate_limit_per_minute: Whole = Field(600, ge=1, le=1_000_000)


class KeyOut(BaseModel):
    key_id: str
    role: Role
    channel: Channel | None = None
    department: str | None = None
    revoked: bool
    rate_limit_per_minute: int
    version: int
    label: str | None = None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "KeyOut":
        return cls(key_id=doc["_id"], role=doc["role"], channel=doc.get("channel"), department=doc.get("department"),
                   revoked=bool(doc.get("revoked")), rate_limit_per_minute=doc.get("rate_limit_per_minute", 600),
                   version=doc.get("version", 1), label=(doc.get("extra") or {}).get("label"))


class KeyWithSecret(KeyOut):
    secret: str = Field(..., description="Shown once; only its hash is stored")
