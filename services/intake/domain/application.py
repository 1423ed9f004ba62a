"""The application as a channel submits it: every field rule, and its normalised form.

The same model is the HTTP body and the AMQP command body; unknown fields are refused so a
misspelt field ("phon") is a 422 naming it instead of data silently lost.
"""

import hashlib
import json
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from services.intake.domain import validation as rules
from shared.enums import Kind
from shared.validation import Flag, Number

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Medium = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
AttributeValue = str | int | float | bool | list[str | int | float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class LocationIn(_Strict):
    district: Annotated[str, AfterValidator(rules.district)] | None = Field(
        None, description="One of Kayseri's 16 districts (case and Turkish letters optional)", examples=["Melikgazi"])
    neighbourhood: Short | None = Field(None, examples=["Gültepe"])
    address: Medium | None = Field(None, examples=["Sivas Cd. No:12"])
    lat: Annotated[Number, AfterValidator(rules.latitude)] | None = Field(None, examples=[38.7205])
    lon: Annotated[Number, AfterValidator(rules.longitude)] | None = Field(None, examples=[35.4826])

    @model_validator(mode="after")
    def _both_coordinates(self) -> "LocationIn":
        if (self.lat is None) != (self.lon is None):
            raise PydanticCustomError("coordinates_incomplete", "lat and lon must be given together")
        return self


class CitizenIn(_Strict):
    name: Short | None = Field(None, examples=["Ayşe Yılmaz"])
    phone: Annotated[str, AfterValidator(rules.phone_e164)] | None = Field(
        None, description="Any Turkish form; stored as E.164", examples=["0532 123 45 67"])
    email: Annotated[str, AfterValidator(rules.email)] | None = Field(None, examples=["ayse@example.com"])
    national_id: Annotated[str, AfterValidator(rules.national_id)] | None = Field(
        None, description="T.C. kimlik no", examples=["10000000146"])


class ConsentIn(_Strict):
    kvkk_ack: Flag = False
    notify_sms: Flag = False
    notify_email: Flag = False
    department_contact: Flag = False


class ChannelMetaIn(_Strict):
    agent_id: Short | None = None
    desk_id: Short | None = None
    message_id: Short | None = Field(None, description="The channel's own id; used as idempotency key "
                                                         "when no Idempotency-Key header is sent")


class ApplicationInput(_Strict):
    kind: Kind = Field(..., examples=["complaint"])
    text: Annotated[str, AfterValidator(rules.text)] = Field(
        ..., description="1–4,000 characters", examples=["Sokağımızda iki gündür su yok."])
    service_code: Short | None = Field(None, examples=["su-kesintisi"])
    attributes: dict[Short, AttributeValue] = Field(default_factory=dict, max_length=50)
    location: LocationIn = Field(default_factory=LocationIn)
    citizen: CitizenIn = Field(default_factory=CitizenIn)
    consent: ConsentIn = Field(default_factory=ConsentIn)
    media_urls: list[Annotated[str, AfterValidator(rules.media_url)]] = Field(
        default_factory=list, max_length=rules.MAX_MEDIA)
    channel_meta: ChannelMetaIn = Field(default_factory=ChannelMetaIn)

    @model_validator(mode="after")
    def _consent_needs_contact(self) -> "ApplicationInput":
        if self.consent.notify_sms and not self.citizen.phone:
            raise PydanticCustomError("consent_without_contact", "consent.notify_sms needs citizen.phone")
        if self.consent.notify_email and not self.citizen.email:
            raise PydanticCustomError("consent_without_contact", "consent.notify_email needs citizen.email")
        return self

    def normalised(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def body_hash(normalised: dict[str, Any]) -> str:
    """Hash of what the citizen asked for; the channel's message id is the key, not the content."""
    content = {k: v for k, v in normalised.items() if k != "channel_meta"}
    meta = {k: v for k, v in (normalised.get("channel_meta") or {}).items() if k != "message_id"}
    content["channel_meta"] = meta
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def idempotency_key(channel: str, key: str | None, tracking_no: str) -> str:
    """Scope is (channel, key); without a key the application is its own, unique, key."""
    return f"{channel}:{key}" if key else f"{channel}:auto:{tracking_no}"
