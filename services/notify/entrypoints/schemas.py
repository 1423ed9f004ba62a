"""HTTP models of notify's API."""

from datetime import datetime

from pydantic import BaseModel, Field

from shared.validation import Flag, TextDatetime


class NotificationPublic(BaseModel):
    id: str
    correlation_id: str | None = None
    source_message_id: str
    source_type: str | None = None
    audience: str = "citizen"
    channel: str
    template: str
    lang: str | None = None
    status: str = Field(..., examples=["sent", "failed", "skipped", "scheduled", "pending", "retry"])
    reason: str | None = Field(None, examples=["no consent", "opted out", "SMS gateway answered HTTP 400"])
    provider_id: str | None = None
    recipient: str | None = Field(None, description="Masked", examples=["+90532*****67"])
    attempts: int = 0
    possible_double: bool = False
    created_at: datetime
    scheduled_for: datetime | None = None
    sent_at: datetime | None = None
    failed_at: datetime | None = None


class NotificationLog(BaseModel):
    correlation_id: str
    items: list[NotificationPublic]


class PreferenceUpdate(BaseModel):
    sms_opt_out: Flag = Field(..., description="true: send this number no SMS from now on")


class PreferencePublic(BaseModel):
    phone: str
    sms_opt_out: bool
    source: str | None = None
    updated_at: datetime | None = None


class InboundSms(BaseModel):
    """What the SMS gateway posts when a citizen texts the short number."""

    sender: str = Field(..., alias="from", examples=["+905321234567"])
    text: str = Field(..., examples=["IPTAL"])
    received_at: TextDatetime | None = None

    model_config = {"populate_by_name": True}


class InboundResult(BaseModel):
    action: str = Field(..., examples=["opted_out", "opted_in", "ignored"])
