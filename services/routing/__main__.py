"""python -m services.routing — run the service under uvicorn."""

import uvicorn

from services.routing.main import create_app
from services.routing.settings import RoutingSettings


def main() -> None:
    settings = RoutingSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                log_config=None, access_log=False, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
