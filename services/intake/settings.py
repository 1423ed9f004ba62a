from shared.settings import CommonSettings


class IntakeSettings(CommonSettings):
    http_port: int = 8001
