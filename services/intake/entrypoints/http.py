"""The channel API (`POST /v1/requests`), the application view and the citizen's public look-up."""

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.intake.application.queries import Forbidden, NotFound
from services.intake.application.submit import Submission
from services.intake.bootstrap import Intake
from services.intake.domain.application import ApplicationInput
from services.intake.domain.errors import IdempotencyConflict, InvalidApplication
from services.intake.entrypoints.schemas import Problem, PublicStatus, Receipt, ValidationProblem
from shared.auth import Principal, problem, require
from shared.contracts.intake import CatalogueService
from shared.enums import Role
from shared.telemetry import current_trace_id

router = APIRouter()
NOT_FOUND = "no such application, or the code does not match (başvuru bulunamadı)"


async def get_intake(request: Request) -> Intake:  # async: a sync dependency costs a thread hop
    return request.app.state.intake


IntakeDep = Annotated[Intake, Depends(get_intake)]


def invalid(exc: InvalidApplication) -> JSONResponse:
    return JSONResponse({"detail": [e.as_dict(("body",)) for e in exc.errors]}, status_code=422)


@router.post("/v1/requests", tags=["channel API"], status_code=201, response_model=Receipt,
             summary="Register an application from a channel",
             responses={409: {"model": Problem, "description": "Idempotency-Key reused with a different body"},
                        422: {"model": ValidationProblem, "description": "A field breaks a rule: loc names it"}})
async def submit(body: ApplicationInput, response: Response, intake: IntakeDep,
                 principal: Annotated[Principal, Depends(require(Role.CHANNEL))],
                 idempotency_key: Annotated[str | None, Header(max_length=200, description=(
                     "Retries with the same key (per channel) return the first answer"))] = None) -> Any:
    submission = Submission(channel=principal.channel, key_id=principal.key_id, application=body,
                            idempotency_key=idempotency_key, trace_id=current_trace_id())
    try:
        receipt = await intake.submit(submission)
    except InvalidApplication as exc:
        return invalid(exc)
    except IdempotencyConflict as exc:
        return JSONResponse({"detail": f"Idempotency-Key {exc.key!r} was already used with a different body "
                                       f"(first application {exc.tracking_no})"}, status_code=409)
    response.headers["Location"] = f"/v1/requests/{receipt.tracking_no}"
    if receipt.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return receipt.as_dict()


@router.get("/v1/requests/{tracking_no}", tags=["channel API"],
            summary="The whole application with its timeline and trace id (submitting channel, staff, admin)",
            responses={403: {"model": Problem}, 404: {"model": Problem}})
async def read(tracking_no: str, intake: IntakeDep,
               principal: Annotated[Principal, Depends(require(Role.CHANNEL, Role.STAFF, Role.ADMIN))]) -> Any:
    try:
        return await intake.queries.application_for(principal, tracking_no)
    except Forbidden as exc:
        raise problem(403, str(exc)) from None
    except NotFound:
        raise problem(404, "no such application for this key") from None


@router.get("/v1/track/{tracking_no}", tags=["citizen"], response_model=PublicStatus,
            summary="Public status look-up with the tracking code (or the phone's last four digits)",
            responses={404: {"model": Problem}, 429: {"model": Problem}})
async def track(tracking_no: str, request: Request, intake: IntakeDep,
                code: Annotated[str | None, Query(max_length=20, description="Tracking code from the receipt")] = None,
                last4: Annotated[str | None, Query(max_length=4, description="Last four digits of the phone")] = None,
                ) -> Any:
    return await _track(tracking_no, request, intake, code, last4)


class TrackProof(BaseModel):
    code: str | None = Field(None, max_length=20)
    last4: str | None = Field(None, max_length=4)


@router.post("/v1/track/{tracking_no}", tags=["citizen"], response_model=PublicStatus,
             summary="The same look-up with the code in the body, so it stays out of URLs, logs and traces",
             responses={404: {"model": Problem}, 429: {"model": Problem}})
async def track_post(tracking_no: str, proof: TrackProof, request: Request, intake: IntakeDep) -> Any:
    return await _track(tracking_no, request, intake, proof.code, proof.last4)


async def _track(tracking_no: str, request: Request, intake: Intake, code: str | None, last4: str | None) -> Any:
    client = request.client.host if request.client else "unknown"
    for limiter, key in ((intake.track_per_client, f"ip:{client}"), (intake.track_per_number, f"no:{tracking_no}")):
        wait = limiter.hit(key)
        if wait:
            raise problem(429, "too many look-ups; try again later (çok fazla deneme)",
                          {"Retry-After": str(math.ceil(wait))})
    try:
        return await intake.queries.track(tracking_no, code, last4)
    except NotFound:
        raise problem(404, NOT_FOUND) from None


@router.get("/v1/services", tags=["catalogue"], response_model=list[CatalogueService],
            summary="The active service codes a submission may name")
async def services(intake: IntakeDep) -> Any:
    return await intake.catalogue.active()
