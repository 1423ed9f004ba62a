import asyncio

import pytest

from bench.runner import wait_while_arriving

pytestmark = pytest.mark.unit


class TrickleSink:
    """Department queues where one work item arrives every `every` seconds, `arriving` in all."""

    def __init__(self, every: float, arriving: int):
        self.every, self.arriving, self.arrivals = every, arriving, set()
        self.loop = asyncio.get_running_loop()
        self.started = self.loop.time()

    def missing(self, tracking_nos):
        due = min(self.arriving, int((self.loop.time() - self.started) / self.every))
        self.arrivals = {f"t{n}" for n in range(due)}
        return [t for t in tracking_nos if t not in self.arrivals]


async def test_a_slow_backlog_is_waited_for_past_the_idle_time_while_it_keeps_arriving():
    sink = TrickleSink(every=0.04, arriving=10)  # 0.4 s in all, each gap far below the idle time
    waited = await wait_while_arriving(sink, [f"t{n}" for n in range(10)], idle_s=0.15, poll_s=0.01)
    assert sink.missing([f"t{n}" for n in range(10)]) == []
    assert waited > 2 * 0.15  # well past the idle time, because items kept coming


async def test_items_that_stop_arriving_are_given_up_after_the_idle_time():
    sink = TrickleSink(every=0.02, arriving=3)  # t3..t5 never come
    waited = await wait_while_arriving(sink, [f"t{n}" for n in range(6)], idle_s=0.2, poll_s=0.01)
    assert sink.missing([f"t{n}" for n in range(6)]) == ["t3", "t4", "t5"]
    assert 0.2 <= waited < 3


async def test_the_cap_ends_a_wait_that_would_go_on():
    sink = TrickleSink(every=0.02, arriving=1000)
    waited = await wait_while_arriving(sink, [f"t{n}" for n in range(1000)], idle_s=5, cap_s=0.2, poll_s=0.01)
    assert 0.2 <= waited < 3 and sink.missing([f"t{n}" for n in range(1000)])
