"""The SLA scheduler loop, started once the broker is connected (runtime.on_start)."""

import asyncio
import logging

from services.routing.application.escalation import Escalator

log = logging.getLogger("irtibat.routing.sla")


class SlaScheduler:
    def __init__(self, escalator: Escalator, interval_s: float):
        self.escalator, self.interval_s = escalator, interval_s
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="sla-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.escalator.run_once()
            except Exception:  # noqa: BLE001 - the database may be away; the next round retries
                log.warning("SLA scan failed", exc_info=True)
            await asyncio.sleep(self.interval_s)
