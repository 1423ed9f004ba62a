"""Events, sessions and registrations: enumerations and the event state machine (no I/O)."""

from enum import StrEnum

DEFAULT_VENUE = "İletişim Alanı, Cumhuriyet Meydanı"


class EventType(StrEnum):
    CAREER_DAY = "career_day"
    SPORTS_SCHOOL_REGISTRATION = "sports_school_registration"
    COUNSELLING_PROMOTION = "counselling_promotion"
    OTHER = "other"


class EventState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class ParticipantRole(StrEnum):
    JOB_SEEKER = "job_seeker"
    EMPLOYER = "employer"
    INTERN = "intern"


class CancelReason(StrEnum):
    PARTICIPANT_CANCELLED = "participant_cancelled"
    LEFT_WAITLIST = "left_waitlist"
    STAFF_CANCELLED = "staff_cancelled"
    EVENT_CANCELLED = "event_cancelled"


# draft → published → closed | cancelled; a draft that never ran may also be cancelled.
TRANSITIONS: dict[EventState, frozenset[EventState]] = {
    EventState.DRAFT: frozenset({EventState.PUBLISHED, EventState.CANCELLED}),
    EventState.PUBLISHED: frozenset({EventState.CLOSED, EventState.CANCELLED}),
    EventState.CLOSED: frozenset(),
    EventState.CANCELLED: frozenset(),
}

EDITABLE_STATES = frozenset({EventState.DRAFT, EventState.PUBLISHED})
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value)


def can_transition(current: EventState | str, target: EventState | str) -> bool:
    return EventState(target) in TRANSITIONS[EventState(current)]


def states_leading_to(target: EventState) -> list[str]:
    """The states an event may be in to move to `target` (the filter of a conditional update)."""
    return [s.value for s, targets in TRANSITIONS.items() if target in targets]
