"""GroupCommit: one command for the callers that queue while the previous one runs."""

import asyncio

import pytest

from shared.batching import GroupCommit


class Recorder:
    def __init__(self, delay: float = 0.01, fail_on: object = None):
        self.batches: list[list] = []
        self.delay, self.fail_on = delay, fail_on

    async def run(self, items: list) -> list:
        self.batches.append(list(items))
        await asyncio.sleep(self.delay)
        if self.fail_on == "all":
            raise ConnectionError("database unreachable")
        return [ValueError(f"bad {i}") if i == self.fail_on else i * 10 for i in items]


async def test_a_lone_caller_is_sent_at_once_and_alone():
    rec = Recorder()
    group = GroupCommit("t", rec.run)
    assert await group.submit(1) == 10
    assert rec.batches == [[1]]


async def test_callers_arriving_during_a_command_share_the_next_one():
    rec = Recorder()
    group = GroupCommit("t", rec.run)
    first = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0.002)  # the first command is running now
    results = await asyncio.gather(first, *(group.submit(i) for i in range(2, 8)))
    assert results == [i * 10 for i in range(1, 8)]
    # The first is sent at once; the six that queued behind it go out together.
    assert rec.batches == [[1], [2, 3, 4, 5, 6, 7]]
    assert (group.commands, group.items) == (2, 7)


async def test_callers_of_the_same_loop_turn_go_out_together():
    rec = Recorder()
    group = GroupCommit("t", rec.run)
    await asyncio.gather(*(group.submit(i) for i in range(1, 5)))
    assert rec.batches == [[1, 2, 3, 4]]


async def test_max_batch_splits_a_long_queue():
    rec = Recorder()
    group = GroupCommit("t", rec.run, max_batch=3)
    await asyncio.gather(*(group.submit(i) for i in range(1, 9)))
    assert rec.batches == [[1, 2, 3], [4, 5, 6], [7, 8]]


async def test_each_caller_gets_its_own_failure_and_the_others_their_results():
    rec = Recorder(fail_on=3)
    group = GroupCommit("t", rec.run)
    results = await asyncio.gather(*(group.submit(i) for i in range(1, 5)), return_exceptions=True)
    assert results[0] == 10 and results[1] == 20 and results[3] == 40
    assert isinstance(results[2], ValueError) and str(results[2]) == "bad 3"


async def test_a_failed_command_fails_every_caller_in_it_and_the_next_batch_still_runs():
    rec = Recorder(fail_on="all")
    group = GroupCommit("t", rec.run)
    results = await asyncio.gather(*(group.submit(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    rec.fail_on = None
    assert await group.submit(5) == 50


async def test_a_caller_that_gave_up_is_left_out_of_the_batch():
    rec = Recorder(delay=0.05)
    group = GroupCommit("t", rec.run)
    first = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0)
    abandoned = asyncio.ensure_future(group.submit(2))
    kept = asyncio.ensure_future(group.submit(3))
    await asyncio.sleep(0)
    abandoned.cancel()
    assert await first == 10 and await kept == 30
    assert rec.batches == [[1], [3]]


async def test_a_result_list_of_the_wrong_length_is_an_error_for_everyone():
    async def short(items):
        return items[:-1]
    group = GroupCommit("t", short)
    results = await asyncio.gather(*(group.submit(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) and "results for" in str(r) for r in results)


async def test_linger_holds_the_first_item_so_later_ones_join_it():
    rec = Recorder(delay=0.0)
    group = GroupCommit("t", rec.run, linger_s=0.02)
    first = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0.005)
    second = asyncio.ensure_future(group.submit(2))
    assert await first == 10 and await second == 20
    assert rec.batches == [[1, 2]]
    # Without a linger the first goes alone.
    plain = Recorder(delay=0.0)
    group = GroupCommit("t", plain.run)
    first = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0.005)
    await asyncio.gather(first, group.submit(2))
    assert plain.batches == [[1], [2]]


async def test_items_waiting_when_the_flusher_is_cancelled_fail_instead_of_hanging():
    rec = Recorder(delay=0.0)
    group = GroupCommit("t", rec.run, linger_s=10)
    waiting = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0.01)
    for task in list(group._tasks):
        task.cancel()
    with pytest.raises(RuntimeError, match="shutting down"):
        await asyncio.wait_for(waiting, 1)
    assert rec.batches == [] and not group._tasks


async def test_under_load_every_batch_lingers_not_only_the_first():
    rec = Recorder(delay=0.01)
    group = GroupCommit("t", rec.run, linger_s=0.03)
    first = asyncio.ensure_future(group.submit(1))
    await asyncio.sleep(0.035)  # the first batch is being sent now
    during = [asyncio.ensure_future(group.submit(2))]
    await asyncio.sleep(0.02)  # the second batch lingers: later items still join it
    during.append(asyncio.ensure_future(group.submit(3)))
    await asyncio.gather(first, *during)
    assert rec.batches == [[1], [2, 3]]



async def test_a_full_batch_does_not_linger():
    rec = Recorder(delay=0.0)
    group = GroupCommit("t", rec.run, linger_s=30, max_batch=2)
    results = await asyncio.wait_for(asyncio.gather(*(group.submit(i) for i in range(4))), 2)
    assert results == [0, 10, 20, 30] and rec.batches == [[0, 1], [2, 3]]
