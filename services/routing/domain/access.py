"""Who may read or change a case: a department its own cases; the supervisor (triage) reads all
and may reassign any case; staff and admins everything."""

from dataclasses import dataclass

from shared.enums import CaseStatus, Department, Role

SUPERVISOR = Department.TRIAGE.value


@dataclass(frozen=True)
class Actor:
    role: Role
    department: str | None = None
    key_id: str | None = None
    via: str = "http"  # http | amqp | system

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN) or (
            self.role == Role.DEPARTMENT and self.department == SUPERVISOR) or self.role == "system"


SYSTEM = Actor(role="system", via="system")  # type: ignore[arg-type]


def may_read(actor: Actor, case_department: str) -> bool:
    return actor.sees_all or (actor.role == Role.DEPARTMENT and actor.department == case_department)


def may_change(actor: Actor, case_department: str, to: str) -> bool:
    if actor.role in (Role.STAFF, Role.ADMIN) or actor.role == "system":
        return True
    if actor.role != Role.DEPARTMENT:
        return False
    if actor.department == case_department:
        return True
    return actor.department == SUPERVISOR and to == CaseStatus.REASSIGNED
