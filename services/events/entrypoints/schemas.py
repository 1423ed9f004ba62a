"""HTTP models of the events API: a family per resource (…Create, …Change, …Public)."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from services.events.domain.model import DEFAULT_VENUE, EventState, EventType, ParticipantRole
from services.events.domain.timeutil import from_ts, local
from shared.validation import Flag, TextDate, TextDatetime, Whole


class SessionCreate(BaseModel):
    start: TextDatetime = Field(..., description="Europe/Istanbul when no offset is given",
                            examples=["2026-06-15T10:00:00+03:00"])
    end: TextDatetime = Field(..., examples=["2026-06-15T12:00:00+03:00"])
    capacity: Whole = Field(..., ge=1, le=100_000)

    @model_validator(mode="after")
    def _ends_after_start(self) -> "SessionCreate":
        if local(self.end) <= local(self.start):
            raise ValueError("end must be after start")
        return self


class EventFields(BaseModel):
    model_config = ConfigDict(use_enum_values=True)

    title_tr: str | None = Field(None, min_length=3, max_length=200, examples=["Kariyer Günü"])
    title_en: str | None = Field(None, max_length=200, examples=["Career Day"])
    description_tr: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    organiser: str | None = Field(None, max_length=120, description="Department code or partner",
                                  examples=["halkla-iliskiler", "Spor A.Ş."])
    venue: str | None = Field(None, max_length=200)
    registration_opens: TextDatetime | None = None
    registration_closes: TextDatetime | None = None
    min_age: Whole | None = Field(None, ge=0, le=120)
    max_age: Whole | None = Field(None, ge=0, le=120)
    roles: list[ParticipantRole] | None = Field(None, description="Career days: who may register")

    @model_validator(mode="after")
    def _consistent(self) -> "EventFields":
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("min_age must not exceed max_age")
        if self.registration_opens and self.registration_closes and \
                local(self.registration_closes) <= local(self.registration_opens):
            raise ValueError("registration_closes must be after registration_opens")
        return self


class EventCreate(EventFields):
    type: EventType
    title_tr: str = Field(..., min_length=3, max_length=200, examples=["Yaz Spor Okulu Kayıt Günü"])
    description_tr: str = ""
    organiser: str = Field(..., max_length=120, examples=["Spor A.Ş."])
    venue: str = DEFAULT_VENUE
    roles: list[ParticipantRole] = Field(default_factory=list)
    sessions: list[SessionCreate] = Field(default_factory=list)


class EventChange(EventFields):
    """Only the fields sent are changed."""


class StateChange(BaseModel):
    state: EventState


class CapacityChange(BaseModel):
    capacity: Whole = Field(..., ge=1, le=100_000)


class SessionPublic(BaseModel):
    id: str
    start: datetime
    end: datetime
    capacity: int
    confirmed: int
    waiting: int
    free: int

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "SessionPublic":
        return cls(id=doc["_id"], start=local(from_ts(doc["start_ts"])), end=local(from_ts(doc["end_ts"])),
                   capacity=doc["capacity"], confirmed=doc["confirmed"], waiting=doc["waiting"],
                   free=max(0, doc["capacity"] - doc["confirmed"]))


class EventPublic(BaseModel):
    id: str
    type: EventType
    state: EventState
    title_tr: str
    title_en: str | None
    description_tr: str
    description_en: str | None
    organiser: str
    venue: str
    registration_opens: datetime | None
    registration_closes: datetime | None
    min_age: int | None
    max_age: int | None
    roles: list[ParticipantRole]
    version: int
    sessions: list[SessionPublic]

    @classmethod
    def of(cls, doc: dict[str, Any], sessions: list[dict[str, Any]]) -> "EventPublic":
        def when(key: str) -> datetime | None:
            value = doc.get(f"{key}_ts")
            return local(from_ts(value)) if value is not None else None

        return cls(id=doc["_id"], type=doc["type"], state=doc["state"], title_tr=doc["title_tr"],
                   title_en=doc.get("title_en"), description_tr=doc.get("description_tr") or "",
                   description_en=doc.get("description_en"), organiser=doc["organiser"], venue=doc["venue"],
                   registration_opens=when("registration_opens"), registration_closes=when("registration_closes"),
                   min_age=doc.get("min_age"), max_age=doc.get("max_age"), roles=doc.get("roles") or [],
                   version=doc["version"], sessions=[SessionPublic.of(s) for s in sessions])


class ConsentIn(BaseModel):
    kvkk_ack: Flag = False
    notify_sms: Flag = False
    notify_email: Flag = False


class RegistrationCreate(BaseModel):
    session_id: str
    name: str = Field(..., max_length=120, description="The participant (the child, for a sports school)")
    phone: str | None = Field(None, max_length=40, examples=["0532 123 45 67"])
    email: EmailStr | None = None
    birth_date: TextDate | None = None
    guardian_name: str | None = Field(None, max_length=120)
    guardian_phone: str | None = Field(None, max_length=40)
    role: ParticipantRole | None = None
    company: str | None = Field(None, max_length=200)
    openings: Whole | None = Field(None, ge=0, le=10_000)
    consent: ConsentIn = Field(default_factory=ConsentIn)


class RegistrationCreated(BaseModel):
    id: str
    secret_code: str = Field(..., description="Needed with the id to read or cancel the registration")
    status: str
    position: int | None = None
    checkin_code: str | None = None
    event_id: str
    session_id: str


class RegistrationPublic(BaseModel):
    id: str
    status: str
    position: int | None = None
    checkin_code: str | None = None
    checked_in: bool
    event_id: str
    session_id: str
    session_start: datetime
    cancel_reason: str | None = None

    @classmethod
    def of(cls, doc: dict[str, Any], position: int | None) -> "RegistrationPublic":
        return cls(id=doc["_id"], status=doc["status"], position=position,
                   checkin_code=doc["checkin_code"] if doc["status"] == "confirmed" else None,
                   checked_in=bool(doc.get("checked_in")), event_id=doc["event_id"], session_id=doc["session_id"],
                   session_start=local(from_ts(doc["session_start_ts"])), cancel_reason=doc.get("cancel_reason"))


class SecretIn(BaseModel):
    code: str = Field(..., description="The secret code given at registration")


class CheckinIn(BaseModel):
    code: str = Field(..., min_length=4, max_length=12, examples=["K7M2QX"])


class VisitIn(BaseModel):
    count: Whole = Field(..., ge=1, le=10_000)
    at: TextDatetime | None = Field(None, description="When; now when omitted")
    event_id: str | None = None
