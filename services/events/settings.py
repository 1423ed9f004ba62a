from shared.settings import CommonSettings


class EventsSettings(CommonSettings):
    http_port: int = 8004
    # event.reminder.due goes out this long before a session starts.
    reminder_lead_s: float = 24 * 3600
    # How often each copy looks for due reminders and unfinished event cancellations.
    scheduler_interval_s: float = 30.0
    # Visitors counted before this service started counting (the contact area's earlier tally).
    visitors_baseline: int = 0
    # Registrations are anonymised this long after their session ended (KVKK retention).
    retention_days: int = 365
