"""Open311 GeoReport v2 at /open311/v2/ (discovery at /open311/discovery.{json,xml}).

Every error, including a bad parameter or an unknown path, is answered in Open311's own format.
"""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from services.intake.application.submit import Submission
from services.intake.bootstrap import Intake
from services.intake.domain import open311 as spec
from services.intake.domain.application import ApplicationInput
from services.intake.domain.errors import FieldError, IdempotencyConflict, InvalidApplication, field_errors
from services.intake.domain.tracking import open311_token, token_tracking_no
from services.intake.entrypoints import open311_docs as docs
from services.intake.entrypoints.open311_format import Open311Error, error_response, render, split_format
from services.intake.entrypoints.open311_params import request_filter
from shared.auth import authenticate
from shared.enums import Role
from shared.telemetry import current_trace_id

router = APIRouter(prefix="/open311", tags=["Open311 GeoReport v2"])
CHANGESET = "2026-01-01T00:00:00+03:00"


def _intake(request: Request) -> Intake:
    return request.app.state.intake


def _guess_format(path: str) -> str:
    return "xml" if path.endswith(".xml") else "json"


def _check_jurisdiction(request: Request, given: str | None) -> None:
    """Optional with a single jurisdiction; a different one is not served here."""
    if given and given != _intake(request).settings.open311_jurisdiction:
        raise Open311Error(404, "jurisdiction_id provided was not found")


async def _answer(request: Request, resource: str, handler) -> Response:
    fmt = _guess_format(resource)
    try:
        name, fmt = split_format(resource)
        _check_jurisdiction(request, request.query_params.get("jurisdiction_id"))
        return await handler(name, fmt)
    except Open311Error as exc:
        return error_response(exc, fmt)


@router.get("/discovery.{fmt}", summary="Service discovery", responses=docs.responses(404))
async def discovery(fmt: docs.Format, request: Request) -> Response:
    intake = _intake(request)
    if fmt not in ("json", "xml"):
        return error_response(Open311Error(404, "discovery is served as .json or .xml"))
    base = intake.settings.public_base_url or str(request.base_url)
    doc = spec.discovery(base, intake.settings.open311_contact, CHANGESET)
    return render(fmt, "discovery", doc)


@router.get("/v2/services.{fmt}", summary="GET services: the service list", responses=docs.responses(400, 404))
async def services(fmt: docs.Format, request: Request) -> Response:
    async def handler(_: str, fmt: str) -> Response:
        active = await _intake(request).catalogue.active()
        return render(fmt, "services", [spec.service_entry(s) for s in active])

    return await _answer(request, f"services.{fmt}", handler)


@router.get("/v2/services/{resource}", summary="GET service definition (attributes)",
            responses=docs.responses(400, 404))
async def service_definition(resource: docs.Resource, request: Request) -> Response:
    async def handler(code: str, fmt: str) -> Response:
        service = await _intake(request).catalogue.service(code)
        if service is None or not service.active:
            raise Open311Error(404, f"service_code {code} was not found")
        return render(fmt, "service_definition", spec.service_definition(service))

    return await _answer(request, resource, handler)


@router.post("/v2/requests.{fmt}", summary="POST service request (form-encoded, api_key, attribute[CODE])",
             responses=docs.responses(400, 403, 404, 429))
async def post_request(fmt: docs.Format, request: Request) -> Response:
    async def handler(_: str, fmt: str) -> Response:
        intake = _intake(request)
        form = list((await request.form()).multi_items())
        fields = {k: v for k, v in form if isinstance(v, str)}
        _check_jurisdiction(request, fields.get("jurisdiction_id"))
        principal = await _authenticate(request, fields.get("api_key") or request.headers.get("x-api-key"))
        items = [(k, v) for k, v in form if isinstance(v, str) and k not in ("api_key", "jurisdiction_id")]
        service = await intake.catalogue.service(fields.get("service_code", "")) if fields.get("service_code") else None
        body, problems = spec.form_to_body(items, service)
        if problems:
            raise Open311Error(400, *problems)
        try:
            application = ApplicationInput.model_validate(body)
            receipt = await intake.submit(Submission(
                channel=principal.channel, key_id=principal.key_id, application=application,
                idempotency_key=request.headers.get("idempotency-key"), trace_id=current_trace_id()))
        except ValidationError as exc:
            raise Open311Error(400, *_describe(field_errors(exc))) from None
        except InvalidApplication as exc:
            raise Open311Error(400, *_describe(exc.errors)) from None
        except IdempotencyConflict:
            raise Open311Error(400, "duplicate request: this Idempotency-Key was used with a different body") from None
        notice = (f"Başvurunuz alındı. Takip no: {receipt.tracking_no}, takip kodu: {receipt.tracking_code}. "
                  f"Application received.")
        answer = [{"service_request_id": receipt.tracking_no,
                   "token": open311_token(intake.settings.irtibat_secret, receipt.tracking_no),
                   "service_notice": notice, "account_id": None}]
        return render(fmt, "service_requests", answer)

    return await _answer(request, f"requests.{fmt}", handler)


@router.get("/v2/requests.{fmt}", summary="GET service requests (filters, page/page_size)",
            responses=docs.responses(400, 404))
async def get_requests(fmt: docs.Format, request: Request) -> Response:
    async def handler(_: str, fmt: str) -> Response:
        intake = _intake(request)
        flt = request_filter(dict(request.query_params), intake.settings.open311_page_size,
                      intake.settings.open311_max_page_size)
        return render(fmt, "service_requests", await intake.queries.open311_requests(flt))

    return await _answer(request, f"requests.{fmt}", handler)


@router.get("/v2/requests/{resource}", summary="GET one service request", responses=docs.responses(400, 404))
async def get_request(resource: docs.Resource, request: Request) -> Response:
    async def handler(tracking_no: str, fmt: str) -> Response:
        entry = await _intake(request).queries.open311_request(tracking_no)
        if entry is None:
            raise Open311Error(404, f"service_request_id {tracking_no} was not found")
        return render(fmt, "service_requests", [entry])

    return await _answer(request, resource, handler)


@router.get("/v2/tokens/{resource}", summary="GET service_request_id from a token", responses=docs.responses(400, 404))
async def get_token(resource: docs.Resource, request: Request) -> Response:
    async def handler(token: str, fmt: str) -> Response:
        intake = _intake(request)
        tracking_no = token_tracking_no(intake.settings.irtibat_secret, token)
        if tracking_no is None or await intake.queries.open311_request(tracking_no) is None:
            raise Open311Error(404, "token was not found")
        return render(fmt, "service_requests", [{"service_request_id": tracking_no, "token": token}])

    return await _answer(request, resource, handler)


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
async def unknown(rest: str) -> Response:
    return error_response(Open311Error(404, f"no such Open311 resource: /open311/{rest}"), _guess_format(rest))


async def _authenticate(request: Request, secret: str | None):
    if not secret:
        raise Open311Error(403, "api_key was not provided")
    try:
        principal = await authenticate(request, secret)
    except HTTPException as exc:
        if exc.status_code == 429:
            raise Open311Error(429, "rate limit exceeded for this api_key") from None
        raise Open311Error(403, "api_key is invalid or revoked") from None
    if principal.role != Role.CHANNEL:
        raise Open311Error(403, "this api_key may not submit service requests (a channel key is needed)")
    return principal


def _describe(errors: list[FieldError]) -> list[str]:
    return [f"{spec.param_name(e.loc)}: {e.msg}" for e in errors]
