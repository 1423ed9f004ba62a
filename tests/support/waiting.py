"""Waiting for something the system does in its own time: poll with a deadline, never a bare sleep.

A generous deadline costs nothing when the test passes; it only decides how long a failing test
takes to say what it was waiting for.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any


def poll(predicate: Callable[[], Any], timeout: float = 60.0, what: str = "condition", every: float = 0.2) -> Any:
    """Calls `predicate` until it returns something truthy, and returns that."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s (last: {result!r})")
        time.sleep(every)


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 30.0, what: str = "condition",
                     every: float = 0.05) -> Any:
    """Awaits `check` until it returns something truthy, and returns that."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s (last: {result!r})")
        await asyncio.sleep(every)
