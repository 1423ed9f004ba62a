"""Staff API: intake's figures (`GET /v1/stats`) and the look-up by phone
(`POST /v1/staff/requests/search`: a POST so the phone stays out of URLs, access logs and spans)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from services.intake.application.staff import InvalidPhone, StaffQueries
from services.intake.entrypoints.schemas import Problem
from shared.auth import Principal, problem, require
from shared.enums import Role

router = APIRouter(tags=["staff"])
StaffDep = Annotated[Principal, Depends(require(Role.STAFF, Role.ADMIN))]


async def get_staff(request: Request) -> StaffQueries:
    return request.app.state.staff_queries


StaffQueriesDep = Annotated[StaffQueries, Depends(get_staff)]


@router.get("/v1/stats", summary="Applications today (Istanbul) and since opening, by channel, department, status")
async def stats(queries: StaffQueriesDep, _: StaffDep) -> dict[str, Any]:
    return await queries.stats()


class PhoneSearch(BaseModel):
    phone: str = Field(..., min_length=4, max_length=30, description="Any Turkish form", examples=["0532 123 45 67"])


@router.post("/v1/staff/requests/search", summary="A citizen's applications by phone (staff; audited)",
             responses={422: {"model": Problem, "description": "Not a phone number"}})
async def by_phone(body: PhoneSearch, queries: StaffQueriesDep, principal: StaffDep) -> list[dict[str, Any]]:
    try:
        return await queries.by_phone(principal, body.phone)
    except InvalidPhone as exc:
        raise problem(422, f"phone: {exc}") from None
