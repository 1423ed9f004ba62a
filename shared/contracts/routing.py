"""Messages routing produces, and the commands departments send to it."""

from datetime import datetime

from pydantic import Field

from shared.contracts.common import CaseMessage, Contact, Contract, Location
from shared.enums import CaseStatus, Kind, Role, RoutingPath, WorkItemReason


class CaseRouted(CaseMessage):
    department: str
    path: RoutingPath
    confidence: float = Field(..., ge=0, le=1)
    due_at: datetime
    urgent: bool = False
    public_note: str | None = Field(None, description="What the citizen is told (urgent: call 112)")


class CaseStatusChanged(CaseMessage):
    status: CaseStatus
    department: str
    public_note: str | None = None
    actor_role: Role | None = None
    master_tracking_no: str | None = None


class CaseEscalated(CaseMessage):
    department: str
    due_at: datetime
    escalated_to: str
    level: int = Field(..., ge=1)


class CaseWorkItem(CaseMessage):
    """What a department's own system receives on `dept.<code>`."""

    department: str
    kind: Kind
    text: str
    service_code: str | None = None
    location: Location = Field(default_factory=Location)
    due_at: datetime
    priority: str = Field("normal", pattern="^(normal|high|urgent)$")
    reason: WorkItemReason
    duplicates_count: int = 0
    urgent: bool = False
    registered_at: datetime | None = None
    contact: Contact | None = Field(None, description="Only with the citizen's department_contact consent")


class UpdateCase(Contract):
    """Command `case.update.<department>`: the AMQP `message_id` is the idempotency key."""

    tracking_no: str
    to: CaseStatus
    note: str | None = None
    department: str | None = Field(None, description="Target department when `to` is reassigned")
    master_tracking_no: str | None = Field(None, description="Master case when `to` is duplicate")
