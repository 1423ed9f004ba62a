"""A background round every few seconds: schedulers, retention, gauges.

A failing round is logged and the next one tries again (the database or a provider may be away for
a while); only stop() ends the loop. An interval of 0 or less switches the loop off.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("irtibat.periodic")


class Periodic:
    def __init__(self, name: str, step: Callable[[], Awaitable[Any]], interval_s: float, *,
                 logger: logging.Logger = log):
        self.name, self.step, self.interval_s, self.log = name, step, interval_s, logger
        self.rounds = 0  # finished rounds, failed ones included
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        if self.interval_s > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.step()
            except Exception:  # noqa: BLE001 - whatever failed may be back by the next round
                self.log.warning("%s: round failed", self.name, exc_info=True)
            self.rounds += 1
            await asyncio.sleep(self.interval_s)
