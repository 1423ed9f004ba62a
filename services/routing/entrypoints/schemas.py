"""HTTP models of the routing API (a family per resource: ...Create / ...Public)."""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator

from services.routing.domain.sla import ISTANBUL
from shared.contracts.common import Contact, Location
from shared.enums import CaseStatus, Department, Kind
from shared.validation import Flag, Whole


class Alternative(BaseModel):
    department: str
    score: float


class ClassifyRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=5000, examples=["cop alinmadi 3 gundur"])
    service_code: str | None = Field(None, examples=["cop-toplama"])
    district: str | None = Field(None, examples=["Melikgazi"])
    kind: Kind | None = None


class ClassifyResponse(BaseModel):
    department: str = Field(..., examples=["cevre"])
    confidence: float
    alternatives: list[Alternative]
    reason: str
    urgent: bool
    path: str = Field(..., description="code | rule | classifier | triage")
    emergency: str | None = Field(None, description="gas | fire | collapse | person_in_danger")
    model_version: str | None = None


class TransitionCreate(BaseModel):
    to: CaseStatus = Field(..., examples=["acknowledged"])
    note: str | None = Field(None, max_length=2000, description="Public: the citizen reads it (personal data is masked)")
    internal_note: str | None = Field(None, max_length=2000, description="Kept in the case history only")
    department: Department | None = Field(None, description="Target department when `to` is reassigned")
    master_tracking_no: str | None = Field(None, description="Master case when `to` is duplicate")
    case_version: Whole | None = Field(None, ge=1, description="Optimistic check: 409 if the case moved on")

    @model_validator(mode="after")
    def _targets(self) -> "TransitionCreate":
        if self.to == CaseStatus.REASSIGNED and self.department is None:
            raise ValueError("department is required when to is reassigned")
        if self.to == CaseStatus.DUPLICATE and not self.master_tracking_no:
            raise ValueError("master_tracking_no is required when to is duplicate")
        return self


class HistoryEntry(BaseModel):
    version: int
    event: str
    status: str
    department: str
    at: datetime
    actor_role: str | None = None
    via: str | None = None
    note: str | None = None
    model_config = {"extra": "allow"}


class CasePublic(BaseModel):
    tracking_no: str
    case_version: int
    status: CaseStatus
    department: str
    path: str
    confidence: float
    reason: str | None = None
    urgent: bool
    emergency: str | None = None
    priority: str
    kind: Kind
    channel: str | None = None
    text: str
    service_code: str | None = None
    location: Location
    registered_at: datetime
    due_at: datetime
    overdue: bool
    sla: dict[str, Any] = Field(default_factory=dict)
    escalation_level: int = 0
    duplicates_count: int = 0
    master_tracking_no: str | None = None
    alternatives: list[Alternative] = Field(default_factory=list)
    contact: Contact | None = Field(None, description="Only with the citizen's department_contact consent")
    history: list[HistoryEntry] | None = None


class CasePage(BaseModel):
    items: list[CasePublic]
    page: int
    page_size: int
    total: int


class RuleCreate(BaseModel):
    department: Department
    keywords: list[str] = Field(default_factory=list, max_length=50, examples=[["kar", "buzlanma"]])
    district: str | None = Field(None, examples=["Talas"])
    service_code: str | None = Field(None, description="Set: a district override of this code's department")
    kind: Kind | None = None
    priority: Whole = Field(100, ge=0, le=10_000, description="Lower wins")
    active: Flag = True
    description: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _has_condition(self) -> "RuleCreate":
        self.keywords = [k.strip() for k in self.keywords if k and k.strip()]
        if not (self.keywords or self.district or self.service_code or self.kind):
            raise ValueError("a rule needs at least one condition: keywords, district, service_code or kind")
        return self


class RulePublic(RuleCreate):
    id: str
    version: int
    created_at: datetime
    updated_at: datetime


def local(moment: datetime) -> datetime:
    """Times people read are shown in Istanbul time (stored in UTC)."""
    return moment.astimezone(ISTANBUL) if isinstance(moment, datetime) else moment


def case_public(doc: dict[str, Any], now: datetime, *, with_history: bool = False) -> CasePublic:
    history = None
    if with_history:
        history = [HistoryEntry.model_validate({**entry, "at": local(entry["at"]),
                                                **({"due_at": local(entry["due_at"])} if "due_at" in entry else {})})
                   for _, entry in sorted((doc.get("history") or {}).items())]
    open_ = bool(doc.get("open"))
    return CasePublic(
        tracking_no=doc["_id"], case_version=doc["case_version"], status=doc["status"], department=doc["department"],
        path=doc["path"], confidence=doc.get("confidence", 0.0), reason=doc.get("reason"),
        urgent=bool(doc.get("urgent")), emergency=doc.get("emergency"), priority=doc.get("priority", "normal"),
        kind=doc["kind"], channel=doc.get("channel"), text=doc["text"], service_code=doc.get("service_code"),
        location=Location.model_validate(doc.get("location") or {}), registered_at=local(doc["registered_at"]),
        due_at=local(doc["due_at"]), overdue=open_ and doc["due_at"] < now, sla=doc.get("sla") or {},
        escalation_level=int(doc.get("escalation_level") or 0), duplicates_count=int(doc.get("duplicates_count") or 0),
        master_tracking_no=doc.get("master_tracking_no") or None,
        alternatives=[Alternative(department=d, score=s) for d, s in doc.get("alternatives") or []],
        contact=Contact.model_validate(doc["contact"]) if doc.get("contact") else None, history=history)


def _stored_time(value: Any) -> Any:
    """A time written by `$set` may come back from the Mongo stand-in as a naive ISO string (UTC)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return local(moment)


def rule_public(doc: dict[str, Any]) -> RulePublic:
    return RulePublic(id=doc["_id"], **{k: doc.get(k) for k in (
        "department", "keywords", "district", "service_code", "kind", "priority", "version")},
        created_at=_stored_time(doc.get("created_at")), updated_at=_stored_time(doc.get("updated_at")),
        active=bool(doc.get("active", 1)), description=doc.get("description") or "")
