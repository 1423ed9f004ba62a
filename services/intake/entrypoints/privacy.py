"""KVKK API: a citizen's data exported (staff, admin; audited), erased on request across every
service (admin; `citizen.erasure_requested`), the erasure's progress per service, and a retention
round on demand (admin)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pydantic_core import PydanticCustomError

from services.intake.application.erasure import CitizenData, UnknownErasure
from services.intake.application.retention import Retention
from services.intake.domain.privacy import Identifiers
from services.intake.entrypoints.schemas import Problem, ValidationProblem
from shared.auth import Principal, problem, require
from shared.enums import Role

router = APIRouter(prefix="/v1/admin", tags=["personal data (KVKK)"])
StaffDep = Annotated[Principal, Depends(require(Role.STAFF, Role.ADMIN))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]


class CitizenIdentifiers(BaseModel):
    """At least one; each in any form intake accepts (the phone in any Turkish form)."""

    phone: str | None = Field(None, max_length=30, examples=["0532 123 45 67"])
    email: str | None = Field(None, max_length=254, examples=["ayse@example.com"])
    national_id: str | None = Field(None, max_length=11, examples=["10000000146"])


class ErasureRequest(CitizenIdentifiers):
    reference: str | None = Field(None, max_length=100, description="The citizen's petition number, if any",
                                  examples=["KVKK-2026-0042"])


class CitizenExport(BaseModel):
    exported_at: str
    identifiers: dict[str, str]
    applications: list[dict[str, Any]]
    erasure_subjects: list[str] = Field(..., description="HMAC-SHA256 subjects an erasure request sends")
    other_services: dict[str, str]


class ServiceReport(BaseModel):
    counts: dict[str, int]
    completed_at: str | None


class ErasureStatus(BaseModel):
    erasure_id: str
    requested_at: str | None
    requested_by: str
    reference: str | None
    identifier_kinds: list[str]
    subjects_count: int
    services: dict[str, ServiceReport | None] = Field(..., description="null: not reported yet")
    complete: bool


class RetentionRound(BaseModel):
    anonymised: int


def _privacy(request: Request) -> CitizenData:
    return request.app.state.citizen_data


def _retention(request: Request) -> Retention:
    return request.app.state.retention


PrivacyDep = Annotated[CitizenData, Depends(_privacy)]
INVALID = {422: {"model": ValidationProblem, "description": "No identifier, or one that is not valid"}}


def _identifiers(body: CitizenIdentifiers) -> Identifiers | JSONResponse:
    try:
        return Identifiers.parse(body.phone, body.email, body.national_id)
    except PydanticCustomError as exc:
        field = next((f for f in ("phone", "email", "national_id") if f in getattr(exc, "type", "")), None)
        loc = ["body", field] if field else ["body"]
        return JSONResponse({"detail": [{"loc": loc, "msg": str(exc), "type": getattr(exc, "type", "value_error")}]},
                            status_code=422)


@router.post("/citizens/export", response_model=CitizenExport, responses=INVALID,
             summary="Everything intake holds about a phone / e-mail / national id (staff; audited)")
async def export(body: CitizenIdentifiers, data: PrivacyDep, principal: StaffDep) -> Any:
    ids = _identifiers(body)
    if isinstance(ids, JSONResponse):
        return ids
    return await data.export(principal, ids)


@router.post("/citizens/erasures", status_code=202, response_model=ErasureStatus, responses=INVALID,
             summary="Erase a citizen's personal data in every service (admin); progress per service")
async def erase(body: ErasureRequest, data: PrivacyDep, principal: AdminDep) -> Any:
    ids = _identifiers(body)
    if isinstance(ids, JSONResponse):
        return ids
    return await data.erase(principal, ids, body.reference)


@router.get("/citizens/erasures/{erasure_id}", response_model=ErasureStatus,
            responses={404: {"model": Problem, "description": "No such erasure"}},
            summary="Which services have completed an erasure (staff)")
async def erasure_status(erasure_id: str, data: PrivacyDep, _: StaffDep) -> Any:
    try:
        return await data.status(erasure_id)
    except UnknownErasure:
        raise problem(404, "no such erasure") from None


@router.post("/retention/run", response_model=RetentionRound,
             summary="Anonymise closed applications past the retention period now (admin)")
async def retention_round(request: Request, _: AdminDep) -> Any:
    return RetentionRound(anonymised=await _retention(request).run_once())
