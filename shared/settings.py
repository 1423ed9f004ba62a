"""Configuration shared by every service, from environment variables only."""

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "local-dev-secret"})


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore")

    irtibat_env: Literal["local", "production"] = "local"
    rabbit_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    mongo_url: str = "mongodb://127.0.0.1:27017"
    # The service's own database; defaults to the service name (intake, routing, notify, events).
    mongo_database: str | None = None
    # HMAC key for erasure subjects and webhook signatures; must be real outside local.
    irtibat_secret: str = "local-dev-secret"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    prefetch: int = 200
    # Retry policy for consumers: attempts before parking in the DLQ, and the first delay.
    max_attempts: int = 5
    retry_base_ms: int = 500
    retry_max_ms: int = 60_000
    # How often a relay scans for messages the fast path did not send (crash or outage leftovers).
    # 0 switches the scan off: only for tests, as leftovers would then stay unsent.
    outbox_scan_interval_s: float = 2.0
    # Longer than any fast-path delay, so a scan (of this or another copy) rarely races the writer.
    outbox_grace_s: float = 10.0
    apikey_cache_s: float = 1.0
    log_level: str = "INFO"
    # Requests one copy serves at once before it answers 503 with Retry-After (load shedding).
    # About capacity × latency budget: past it a copy answers 503 at once rather than queueing
    # requests its clients will have given up on (measured: 2,000 meant ~25 s of queue under overload).
    max_in_flight: int = 256
    # Largest request body a service reads (bytes); bigger ones are refused with 413.
    max_body_bytes: int = 1_048_576

    @property
    def is_local(self) -> bool:
        return self.irtibat_env == "local"

    @model_validator(mode="after")
    def _refuse_placeholders_outside_local(self) -> "CommonSettings":
        if self.irtibat_env == "production" and self.irtibat_secret in PLACEHOLDER_SECRETS:
            raise ValueError("IRTIBAT_SECRET must be set to a real secret when IRTIBAT_ENV=production")
        if self.irtibat_env == "production" and "guest:guest@" in self.rabbit_url:
            raise ValueError("RABBIT_URL must not use the guest account when IRTIBAT_ENV=production")
        return self
