"""tests.support.infra.running: the processes a fixture starts are all stopped, whatever fails."""

import pytest

from tests.support.infra import running

pytestmark = pytest.mark.unit


class FakeProcess:
    def __init__(self, *, started: bool = False, fail_wait: bool = False):
        self.process = object() if started else None
        self.fail_wait = fail_wait
        self.calls: list[str] = []

    def start(self) -> "FakeProcess":
        self.calls.append("start")
        self.process = object()
        return self

    def wait_ready(self, timeout: float) -> "FakeProcess":
        self.calls.append(f"wait {timeout}")
        if self.fail_wait:
            raise TimeoutError("not ready")
        return self

    def stop(self) -> None:
        self.calls.append("stop")


def test_all_are_started_waited_for_and_stopped_after_a_normal_exit():
    procs = {"a": FakeProcess(), "b": FakeProcess(started=True)}
    with running(procs, timeout=7):
        assert [p.calls for p in procs.values()] == [["start", "wait 7"], ["wait 7"]]
    assert [p.calls for p in procs.values()] == [["start", "wait 7", "stop"], ["wait 7", "stop"]]


def test_all_are_stopped_after_an_exception_in_the_block():
    procs = [FakeProcess(), FakeProcess()]
    with pytest.raises(ValueError, match="in the test"), running(procs):
        raise ValueError("in the test")
    assert all(p.calls[-1] == "stop" for p in procs)


def test_a_failed_wait_stops_every_process_and_propagates():
    procs = [FakeProcess(), FakeProcess(fail_wait=True), FakeProcess()]
    entered = False
    with pytest.raises(TimeoutError, match="not ready"), running(procs):
        entered = True
    assert not entered
    assert [p.calls for p in procs] == [["start", "wait 60.0", "stop"], ["start", "wait 60.0", "stop"],
                                        ["start", "stop"]]


def test_a_failed_stop_does_not_keep_the_others_running():
    procs = [FakeProcess(), FakeProcess(), FakeProcess()]

    def broken_stop() -> None:
        raise ProcessLookupError("gone")

    procs[1].stop = broken_stop
    with pytest.raises(ProcessLookupError), running(procs):
        pass
    assert procs[0].calls[-1] == procs[2].calls[-1] == "stop"
