"""Messages the events service produces."""

from datetime import datetime

from pydantic import Field

from shared.contracts.common import Consent, Contact, Contract


class RegistrationMessage(Contract):
    registration_id: str
    event_id: str
    event_type: str | None = Field(None, examples=["career_day", "sports_school_registration"])
    event_title_tr: str
    event_title_en: str | None = None
    session_id: str
    session_start: datetime
    session_end: datetime | None = None
    venue: str | None = None
    contact: Contact
    consent: Consent
    version: int = Field(1, ge=1, description="Grows with each change of the registration")


class RegistrationConfirmed(RegistrationMessage):
    checkin_code: str


class RegistrationWaitlisted(RegistrationMessage):
    position: int = Field(..., ge=1)


class RegistrationPromoted(RegistrationMessage):
    checkin_code: str


class RegistrationCancelled(RegistrationMessage):
    reason: str = Field(..., examples=["participant_cancelled", "event_cancelled"])


class ReminderDue(RegistrationMessage):
    pass
