from shared.settings import CommonSettings


class RoutingSettings(CommonSettings):
    http_port: int = 8002
    # SLA scheduler: how often overdue cases are looked for, and when a case still open after an
    # escalation is escalated again (next level). 0 disables repeats.
    sla_scan_interval_s: float = 15.0
    sla_scan_batch: int = 200
    escalation_repeat_s: float = 24 * 3600.0
    # Duplicate linking (DESIGN: same service within ~150 m and 7 days, or nearly the same text
    # in the same neighbourhood).
    duplicate_radius_m: float = 150.0
    duplicate_window_days: float = 7.0
    duplicate_text_similarity: float = 0.7
    # How stale the in-process copies of the rules and the catalogue may be (other copies of
    # routing change them through the database).
    config_cache_s: float = 2.0
    # Directory of a classifier artefact; default: the versioned one in the classifier package.
    classifier_path: str | None = None
    # KVKK: a closed case registered this many days ago loses its contact, address and personal
    # data in its text (checked every RETENTION_INTERVAL_S; 0 turns the loop off).
    retention_days: float = 730
    retention_interval_s: float = 3600
