"""python -m services.events — run the service under uvicorn."""

import uvicorn

from services.events.main import create_app
from services.events.settings import EventsSettings


def main() -> None:
    settings = EventsSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                log_config=None, access_log=False, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
