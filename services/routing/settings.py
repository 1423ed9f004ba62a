from shared.settings import CommonSettings


class RoutingSettings(CommonSettings):
    http_port: int = 8002
