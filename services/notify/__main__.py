"""python -m services.notify — run the service under uvicorn."""

import uvicorn

from services.notify.main import create_app
from services.notify.settings import NotifySettings


def main() -> None:
    settings = NotifySettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                log_config=None, access_log=False, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
