"""The case state machine (DESIGN.md): routed → acknowledged → in_progress → resolved | rejected;
reassigned (to another department, back through its queue); duplicate (linked to a master)."""

from shared.enums import CaseStatus as S

# A reassigned case sits in the new department's queue exactly like a freshly routed one.
_ACTIVE_EXITS = {S.REJECTED, S.REASSIGNED, S.DUPLICATE}
TRANSITIONS: dict[S, frozenset[S]] = {
    S.ROUTED: frozenset({S.ACKNOWLEDGED, *_ACTIVE_EXITS}),
    S.REASSIGNED: frozenset({S.ACKNOWLEDGED, *_ACTIVE_EXITS}),
    S.ACKNOWLEDGED: frozenset({S.IN_PROGRESS, *_ACTIVE_EXITS}),
    S.IN_PROGRESS: frozenset({S.RESOLVED, *_ACTIVE_EXITS}),
    # A linked application follows its master: only the system closes it (see close_linked).
    S.DUPLICATE: frozenset(),
    S.RESOLVED: frozenset(),
    S.REJECTED: frozenset(),
}
OPEN = frozenset({S.ROUTED, S.REASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS})
TERMINAL = frozenset({S.RESOLVED, S.REJECTED})


class IllegalTransition(ValueError):
    def __init__(self, current: str, to: str):
        allowed = sorted(s.value for s in TRANSITIONS.get(S(current), ()))
        current, to = S(current).value, S(to).value
        super().__init__(f"a case in status {current!r} cannot go to {to!r}; allowed: {allowed}")
        self.current, self.to, self.allowed = current, to, allowed


def check_transition(current: str, to: str) -> None:
    if S(to) not in TRANSITIONS.get(S(current), frozenset()):
        raise IllegalTransition(current, to)


def is_open(status: str) -> bool:
    return S(status) in OPEN


def history_key(version: int) -> str:
    """History is a map keyed by zero-padded version (sub-document arrays are unsafe on nx-27017)."""
    return f"{version:06d}"
