"""Admin API: API keys (`/v1/admin/keys`) and the service catalogue (`/v1/admin/catalogue`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from services.intake.application.catalogue import CatalogueConflict, InvalidService
from services.intake.application.keys import InvalidKeyRequest, KeyNotFound
from services.intake.entrypoints.http import IntakeDep
from services.intake.entrypoints.schemas import KeyCreate, KeyOut, KeyWithSecret, Problem
from shared.auth import Principal, problem, require
from shared.contracts.intake import CatalogueService
from shared.enums import Role

router = APIRouter(prefix="/v1/admin", tags=["admin"])
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]


class CatalogueOut(BaseModel):
    version: int
    services: list[CatalogueService]


class CatalogueVersion(BaseModel):
    version: int


@router.post("/keys", status_code=201, response_model=KeyWithSecret, summary="Create a key (the secret is shown once)",
             responses={422: {"model": Problem}})
async def create_key(body: KeyCreate, intake: IntakeDep, _: AdminDep) -> Any:
    try:
        doc, secret = await intake.keys.create(body.role, channel=body.channel, department=body.department,
                                               label=body.label, rate_limit_per_minute=body.rate_limit_per_minute)
    except InvalidKeyRequest as exc:
        raise problem(422, str(exc)) from None
    return KeyWithSecret(**KeyOut.of(doc).model_dump(), secret=secret)


@router.get("/keys", response_model=list[KeyOut], summary="Every key (never a secret or hash)")
async def list_keys(intake: IntakeDep, _: AdminDep) -> Any:
    return [KeyOut.of(d) for d in await intake.keys.list()]


@router.post("/keys/{key_id}/rotate", response_model=KeyWithSecret, summary="New secret; the old one stops working",
             responses={404: {"model": Problem}})
async def rotate_key(key_id: str, intake: IntakeDep, _: AdminDep) -> Any:
    try:
        doc, secret = await intake.keys.rotate(key_id)
    except KeyNotFound:
        raise problem(404, "no such key") from None
    return KeyWithSecret(**KeyOut.of(doc).model_dump(), secret=secret)


@router.post("/keys/{key_id}/revoke", response_model=KeyOut, summary="Revoke a key everywhere",
             responses={404: {"model": Problem}})
async def revoke_key(key_id: str, intake: IntakeDep, _: AdminDep) -> Any:
    try:
        return KeyOut.of(await intake.keys.revoke(key_id))
    except KeyNotFound:
        raise problem(404, "no such key") from None


@router.get("/catalogue", response_model=CatalogueOut, summary="The whole catalogue, inactive services included")
async def get_catalogue(intake: IntakeDep, _: AdminDep) -> Any:
    version, services = await intake.catalogue.snapshot()
    return CatalogueOut(version=version, services=sorted(services.values(), key=lambda s: s.code))


@router.put("/catalogue/services/{code}", response_model=CatalogueVersion,
            summary="Create or replace a service; publishes catalogue.changed",
            responses={409: {"model": Problem}, 422: {"model": Problem}})
async def put_service(code: str, body: CatalogueService, intake: IntakeDep, _: AdminDep) -> Any:
    if body.code != code:
        raise problem(422, "the body's code must match the path")
    try:
        return CatalogueVersion(version=await intake.catalogue.put_service(body))
    except InvalidService as exc:
        raise problem(422, exc.problems) from None
    except CatalogueConflict as exc:
        raise problem(409, str(exc)) from None


@router.delete("/catalogue/services/{code}", response_model=CatalogueVersion,
               summary="Deactivate a service (codes are never reused); publishes catalogue.changed",
               responses={404: {"model": Problem}, 409: {"model": Problem}})
async def deactivate_service(code: str, intake: IntakeDep, _: AdminDep) -> Any:
    try:
        version = await intake.catalogue.deactivate(code)
    except CatalogueConflict as exc:
        raise problem(409, str(exc)) from None
    if version is None:
        raise problem(404, "no such service code")
    return CatalogueVersion(version=version)
