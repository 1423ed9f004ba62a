from shared.settings import CommonSettings


class IntakeSettings(CommonSettings):
    http_port: int = 8001
    # Tracking numbers `153-YYYY-NNNNNN`; each copy reserves this many numbers per counter write.
    tracking_prefix: str = "153"
    tracking_block: int = 100
    # Guessing on the public look-up: attempts per client address and per tracking number.
    track_per_client_per_minute: int = 60
    track_per_number_per_minute: int = 20
    catalogue_file: str | None = None
    catalogue_cache_s: float = 2.0
    # What Open311 discovery advertises as the base of the endpoint; by default the request's own.
    public_base_url: str | None = None
    # Open311 clients may send it; any other value is a 404 (one jurisdiction is served here).
    open311_jurisdiction: str = "kayseri.bel.tr"
    open311_contact: str = "Alo 153 — Kayseri Büyükşehir Belediyesi Beyaz Masa (153)"
    open311_page_size: int = 50
    open311_max_page_size: int = 500
    # SHA-256 hex of production's first admin key (`printf %s "$SECRET" | sha256sum`); created once.
    bootstrap_admin_key_hash: str | None = None
    # KVKK: personal data of an application closed this many days ago is anonymised, checked every
    # RETENTION_INTERVAL_S seconds (0 turns the loop off; POST /v1/admin/retention/run runs a round).
    retention_days: float = 730
    retention_interval_s: float = 3600
    # Pages (services/intake/pages): where intake's server calls the other services' public APIs —
    # routing's /v1/classify for the desk's suggestion (proxied, so the key stays in its HttpOnly
    # cookie), and the ops board's figures; the RabbitMQ management API and the Jaeger UI.
    routing_url: str = "http://127.0.0.1:8002"
    notify_url: str = "http://127.0.0.1:8003"
    events_url: str = "http://127.0.0.1:8004"
    rabbit_management_url: str = "http://127.0.0.1:15672"
    rabbit_management_user: str = "guest"
    rabbit_management_password: str = "guest"
    jaeger_ui_url: str = "http://127.0.0.1:16686"
