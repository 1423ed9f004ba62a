"""Building blocks of the application body (DESIGN.md, Contracts)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.enums import Kind


class Contract(BaseModel):
    """Base of every message payload: unknown fields are ignored (changes are additive)."""

    model_config = ConfigDict(extra="ignore", use_enum_values=True)


class Location(Contract):
    district: str | None = Field(None, description="One of Kayseri's 16 districts", examples=["Melikgazi"])
    neighbourhood: str | None = Field(None, examples=["Gültepe"])
    address: str | None = None
    lat: float | None = Field(None, examples=[38.7205])
    lon: float | None = Field(None, examples=[35.4826])


class Citizen(Contract):
    name: str | None = None
    phone: str | None = Field(None, description="E.164", examples=["+905321234567"])
    email: str | None = None
    national_id: str | None = None


class Consent(Contract):
    kvkk_ack: bool = False
    notify_sms: bool = False
    notify_email: bool = False
    department_contact: bool = False


class ChannelMeta(Contract):
    agent_id: str | None = None
    desk_id: str | None = None
    message_id: str | None = None


class ApplicationBody(Contract):
    kind: Kind
    text: str
    service_code: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)
    citizen: Citizen = Field(default_factory=Citizen)
    consent: Consent = Field(default_factory=Consent)
    media_urls: list[str] = Field(default_factory=list)
    channel_meta: ChannelMeta = Field(default_factory=ChannelMeta)


class Contact(Contract):
    name: str | None = None
    phone: str | None = None
    email: str | None = None


class TrackedMessage(Contract):
    tracking_no: str = Field(..., examples=["153-2026-004217"])


class CaseMessage(TrackedMessage):
    case_version: int = Field(..., ge=1, description="Grows with each change; apply only if newer")
    occurred_at: datetime
