"""Staff keys for people (admin key): create one — the secret is shown once — or revoke one.
The same use cases as `POST /v1/admin/keys` and `…/revoke`; each change is announced with
`apikey.changed`, so the routing and events pages accept the key within their cache time."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.application.keys import InvalidKeyRequest, KeyNotFound
from services.intake.entrypoints.schemas import KeyOut
from services.intake.pages import nav_for, of
from shared.enums import Department, Role

router = APIRouter(include_in_schema=False)
PEOPLE_ROLES = (Role.STAFF, Role.DEPARTMENT, Role.ADMIN)


async def _page(request: Request, principal, *, created=None, error: str | None = None, status: int = 200):
    ctx = of(request)
    keys = [KeyOut.of(d) for d in await ctx.intake.keys.list() if not str(d["_id"]).startswith("dev-")]
    return ctx.kit.render(request, "keys.html", status=status, principal=principal, nav=nav_for(principal),
                          keys=keys, created=created, error=error, roles=[r.value for r in PEOPLE_ROLES],
                          departments=[d.value for d in Department])


@router.get("/ops/anahtarlar", response_class=HTMLResponse)
async def keys_page(request: Request) -> Response:
    principal = await of(request).kit.require(request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    return await _page(request, principal)


@router.post("/ops/anahtarlar", response_class=HTMLResponse)
async def create_key(request: Request) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    try:
        role = Role(form.get("role", ""))
        if role not in PEOPLE_ROLES:
            raise ValueError(role)
        doc, secret = await ctx.intake.keys.create(
            role, department=form.get("department") if role == Role.DEPARTMENT else None,
            label=form.get("label") or None)
    except (ValueError, InvalidKeyRequest):
        return await _page(request, principal, error="key_invalid", status=422)
    return await _page(request, principal, created={"key": KeyOut.of(doc), "secret": secret}, status=201)


@router.post("/ops/anahtarlar/{key_id}/iptal")
async def revoke_key(request: Request, key_id: str) -> Response:
    ctx = of(request)
    principal = await ctx.kit.require(request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        await ctx.intake.keys.revoke(key_id)
    except KeyNotFound:
        return await _page(request, principal, error="key_invalid", status=404)
    return RedirectResponse("/ops/anahtarlar", status_code=303)
