"""Answers every service gives that no route declares: the shared key check (401, 403, 429), the
body limit (413) and storage or load trouble (503). Added to each service's OpenAPI document so
clients and schemathesis' status-code and schema checks see them."""

from typing import Any

from fastapi import FastAPI

SCHEMA_NAME = "ErrorDetail"
_REF = {"$ref": f"#/components/schemas/{SCHEMA_NAME}"}
_ERROR_SCHEMA = {"title": SCHEMA_NAME, "type": "object", "required": ["detail"],
                 "properties": {"detail": {"title": "Detail", "description": "What was wrong, in words"}}}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "string"}}}
_SECURED = {
    "401": ("No key, or an unknown or revoked key", None),
    "403": ("The key's role or scope may not do this", None),
    "429": ("The key's rate limit is used up", _RETRY_AFTER),
}
_WITH_BODY = {"400": ("The body could not be read (not UTF-8, or broken)", None),
              "413": ("The request body is larger than the service accepts", None)}
_ALWAYS = {"503": ("Storage unavailable or the service is overloaded; nothing was done, retry later", _RETRY_AFTER)}
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _response(description: str, headers: dict[str, Any] | None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": _REF}}}
    if headers:
        answer["headers"] = headers
    return answer


def add_common_responses(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the shared answers to every operation that can give them (never replacing a route's own)."""
    spec.setdefault("components", {}).setdefault("schemas", {}).setdefault(SCHEMA_NAME, _ERROR_SCHEMA)
    for path_item in spec.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in _METHODS:
                continue
            extra = dict(_ALWAYS)
            if operation.get("security"):
                extra.update(_SECURED)
            if "requestBody" in operation:
                extra.update(_WITH_BODY)
            responses = operation.setdefault("responses", {})
            for status, (description, headers) in extra.items():
                responses.setdefault(status, _response(description, headers))
    return spec


def document_common_responses(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_common_responses(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
