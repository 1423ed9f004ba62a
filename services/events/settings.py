from shared.settings import CommonSettings


class EventsSettings(CommonSettings):
    http_port: int = 8004
