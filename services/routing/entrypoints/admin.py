"""Admin API for the routing rules (keywords, district overrides), stored in routing's database."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from services.routing.entrypoints.http import ctx
from services.routing.entrypoints.schemas import RuleCreate, RulePublic, rule_public
from shared.auth import Principal, require
from shared.enums import Role

router = APIRouter(prefix="/v1/admin/rules", tags=["admin"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


def _fields(body: RuleCreate) -> dict:
    return body.model_dump(mode="json")


@router.get("", response_model=list[RulePublic], summary="Every rule, in the order they are tried")
async def list_rules(request: Request, _: Admin) -> list[RulePublic]:
    return [rule_public(d) for d in await ctx(request).config.rule_docs()]


@router.post("", response_model=RulePublic, status_code=201, summary="Add a rule")
async def create_rule(request: Request, body: RuleCreate, _: Admin) -> RulePublic:
    return rule_public(await ctx(request).config.create_rule(_fields(body)))


@router.get("/{rule_id}", response_model=RulePublic, responses={404: {"description": "No such rule"}})
async def read_rule(request: Request, rule_id: str, _: Admin) -> RulePublic:
    doc = await ctx(request).config.get_rule(rule_id)
    if doc is None:
        raise HTTPException(404, f"no rule {rule_id}")
    return rule_public(doc)


@router.put("/{rule_id}", response_model=RulePublic, responses={404: {"description": "No such rule"}})
async def replace_rule(request: Request, rule_id: str, body: RuleCreate, _: Admin) -> RulePublic:
    if await ctx(request).config.get_rule(rule_id) is None:
        raise HTTPException(404, f"no rule {rule_id}")
    return rule_public(await ctx(request).config.replace_rule(rule_id, _fields(body)))


@router.delete("/{rule_id}", status_code=204, responses={404: {"description": "No such rule"}})
async def delete_rule(request: Request, rule_id: str, _: Admin) -> Response:
    if not await ctx(request).config.delete_rule(rule_id):
        raise HTTPException(404, f"no rule {rule_id}")
    return Response(status_code=204)
