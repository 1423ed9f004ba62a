"""Per-case ordering: apply a case message only if it is newer than what notify holds."""

from enum import StrEnum


class Decision(StrEnum):
    APPLY = "apply"
    STALE = "stale"  # already applied, or an older version than the one held
    WAIT = "wait"  # an earlier version is missing: give it a chance to arrive first


def decide(held: int, incoming: int, attempts: int, gap_wait_retries: int) -> Decision:
    if incoming <= held:
        return Decision.STALE
    if incoming > held + 1 and attempts < gap_wait_retries:
        return Decision.WAIT
    return Decision.APPLY
