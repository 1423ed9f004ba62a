"""Notify's configuration, from environment variables only (pydantic-settings)."""

from pydantic import BaseModel, Field, model_validator

from shared.settings import PLACEHOLDER_SECRETS, CommonSettings

LOCAL_SMS_TOKEN = "local-sms-token"


class DepartmentContact(BaseModel):
    """Where a department (or its supervisor) hears about escalations."""

    webhook_url: str | None = None
    emails: list[str] = Field(default_factory=list)
    # A per-department signing secret; the service-wide webhook secret when empty.
    webhook_secret: str | None = None


class NotifySettings(CommonSettings):
    http_port: int = 8003
    # Providers can be down for minutes: give transient failures more room than the default.
    max_attempts: int = 10

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_use_tls: bool = False
    smtp_start_tls: bool = False
    mail_from: str = "Kayseri Büyükşehir Alo 153 <alo153@irtibat.local>"

    sms_gateway_url: str = "http://127.0.0.1:8025"
    sms_gateway_token: str = LOCAL_SMS_TOKEN
    # Token the gateway presents on `POST /v1/sms/inbound`; the gateway token when empty.
    sms_inbound_token: str | None = None
    sms_sender: str = "ALO153"
    sms_max_segments: int = 3
    # Use the Turkish national language shift tables (3GPP TS 23.038) when they save segments.
    sms_turkish_shift: bool = True
    sms_opt_out_keywords: list[str] = ["IPTAL", "STOP"]
    sms_opt_in_keywords: list[str] = ["BASLA", "START"]

    webhook_secret: str | None = None
    # JSON: {"fen-isleri": {"webhook_url": "...", "emails": ["..."]}, "triage": {...}}
    department_contacts: dict[str, DepartmentContact] = Field(default_factory=dict)

    provider_timeout_s: float = 10.0
    quiet_start: str = "22:00"
    quiet_end: str = "08:00"
    timezone: str = "Europe/Istanbul"

    # A claimed notification older than this is presumed abandoned by a crashed sender.
    lease_s: float = 30.0
    scheduler_interval_s: float = 1.0
    # The scheduler asks the database only when a send it knows of is due, and looks everything over
    # (other copies' sends, a crashed sender's) at least this often.
    scheduler_rescan_s: float = 30.0
    scheduled_max_attempts: int = 8
    # How many times a case message waits for a missing earlier case_version before it is applied.
    gap_wait_retries: int = 2
    templates_dir: str | None = None
    # KVKK: contacts and the delivery log's addresses and texts are cleared this many days after
    # the application or notification (checked every RETENTION_INTERVAL_S; 0 turns the loop off).
    retention_days: float = 365
    retention_interval_s: float = 3600

    @property
    def inbound_token(self) -> str:
        return self.sms_inbound_token or self.sms_gateway_token

    @property
    def signing_secret(self) -> str:
        return self.webhook_secret or self.irtibat_secret

    @model_validator(mode="after")
    def _refuse_local_tokens_outside_local(self) -> "NotifySettings":
        if self.irtibat_env == "production" and (
            self.sms_gateway_token in PLACEHOLDER_SECRETS | {LOCAL_SMS_TOKEN}
        ):
            raise ValueError("SMS_GATEWAY_TOKEN must be set to a real token when IRTIBAT_ENV=production")
        return self
