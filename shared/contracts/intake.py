"""Messages intake produces, and the commands channel systems send to it."""

from datetime import datetime
from typing import Any

from pydantic import Field

from shared.contracts.common import ApplicationBody, Contract, TrackedMessage
from shared.enums import Channel, Role


class RequestRegistered(ApplicationBody, TrackedMessage):
    """An application was registered; the body is the normalised application."""

    channel: Channel
    registered_at: datetime
    trace_id: str | None = None
    tracking_code: str | None = Field(None, description="The citizen's short look-up code, for the receipt")


class SubmitRequest(ApplicationBody):
    """Command `intake.submit.<channel>`: the AMQP `message_id` is the idempotency key."""


class SlaRule(Contract):
    amount: int = Field(..., ge=1)
    unit: str = Field(..., pattern="^(hours|calendar_days|working_days)$")


class CatalogueAttribute(Contract):
    code: str
    datatype: str = "string"
    required: bool = False
    description_tr: str
    description_en: str | None = None
    values: list[dict[str, str]] = Field(default_factory=list)


class CatalogueService(Contract):
    code: str
    name_tr: str
    name_en: str | None = None
    description_tr: str = ""
    description_en: str | None = None
    group: str
    keywords: list[str] = Field(default_factory=list)
    department: str
    sla: SlaRule
    attributes: list[CatalogueAttribute] = Field(default_factory=list)
    active: bool = True


class CatalogueChanged(Contract):
    version: int = Field(..., ge=1)
    services: list[CatalogueService]
    changed_at: datetime


class ApiKeyChanged(Contract):
    key_id: str
    key_hash: str = Field(..., description="SHA-256 hex of the key secret; the secret never travels")
    role: Role
    channel: Channel | None = None
    department: str | None = None
    revoked: bool = False
    rate_limit_per_minute: int = 600
    version: int = Field(..., ge=1)
    extra: dict[str, Any] = Field(default_factory=dict)


class CitizenErasureRequested(Contract):
    erasure_id: str
    subjects: list[str] = Field(..., description="HMAC-SHA256 of E.164 phone / lower-cased e-mail / national id")
    requested_at: datetime


class CitizenErasureCompleted(Contract):
    erasure_id: str
    service: str
    counts: dict[str, int] = Field(default_factory=dict)
    completed_at: datetime
