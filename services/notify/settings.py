from shared.settings import CommonSettings


class NotifySettings(CommonSettings):
    http_port: int = 8003
