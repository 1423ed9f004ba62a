"""python -m services.intake — run the service under uvicorn."""

import uvicorn

from services.intake.main import create_app
from services.intake.settings import IntakeSettings


def main() -> None:
    settings = IntakeSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                log_config=None, access_log=False, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
