"""The case state machine and who may read or change a case."""

import pytest

from services.routing.domain.access import Actor, may_change, may_read
from services.routing.domain.lifecycle import IllegalTransition, check_transition, history_key, is_open
from shared.enums import CaseStatus as S
from shared.enums import Role

pytestmark = pytest.mark.unit

LEGAL = [
    (S.ROUTED, S.ACKNOWLEDGED), (S.ACKNOWLEDGED, S.IN_PROGRESS), (S.IN_PROGRESS, S.RESOLVED),
    (S.ROUTED, S.REJECTED), (S.ACKNOWLEDGED, S.REJECTED), (S.IN_PROGRESS, S.REJECTED),
    (S.ROUTED, S.REASSIGNED), (S.IN_PROGRESS, S.REASSIGNED), (S.REASSIGNED, S.ACKNOWLEDGED),
    (S.REASSIGNED, S.REASSIGNED), (S.ROUTED, S.DUPLICATE), (S.IN_PROGRESS, S.DUPLICATE),
]
ILLEGAL = [
    (S.ROUTED, S.RESOLVED), (S.ROUTED, S.IN_PROGRESS), (S.ACKNOWLEDGED, S.ACKNOWLEDGED),
    (S.RESOLVED, S.IN_PROGRESS), (S.REJECTED, S.ROUTED), (S.DUPLICATE, S.ACKNOWLEDGED),
    (S.RESOLVED, S.REASSIGNED), (S.ACKNOWLEDGED, S.ROUTED),
]


@pytest.mark.parametrize(("current", "to"), LEGAL)
def test_legal(current, to):
    check_transition(current, to)


@pytest.mark.parametrize(("current", "to"), ILLEGAL)
def test_illegal(current, to):
    with pytest.raises(IllegalTransition) as info:
        check_transition(current, to)
    assert info.value.current == current and to in str(info.value)


def test_open_statuses_and_history_keys_sort():
    assert is_open(S.ROUTED) and is_open(S.REASSIGNED) and not is_open(S.DUPLICATE) and not is_open(S.RESOLVED)
    assert history_key(2) < history_key(10) == "000010"


def test_access():
    cevre = Actor(Role.DEPARTMENT, "cevre")
    supervisor = Actor(Role.DEPARTMENT, "triage")
    assert may_read(cevre, "cevre") and not may_read(cevre, "kaski")
    assert may_change(cevre, "cevre", S.RESOLVED) and not may_change(cevre, "kaski", S.ACKNOWLEDGED)
    assert may_read(supervisor, "kaski") and may_change(supervisor, "kaski", S.REASSIGNED)
    assert not may_change(supervisor, "kaski", S.RESOLVED)
    assert may_change(Actor(Role.STAFF), "kaski", S.RESOLVED) and may_read(Actor(Role.ADMIN), "x")
    assert not may_read(Actor(Role.CHANNEL, None), "kaski") and not may_change(Actor(Role.CHANNEL), "kaski", S.ROUTED)
