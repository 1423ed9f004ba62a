"""What the Open311 routes declare in the OpenAPI document: the format and resource path parameters
(`.json` or `.xml`) and the answers in Open311's own error shape, in both formats."""

from typing import Annotated, Any

from fastapi import Path

FORMATS = ["json", "xml"]
Format = Annotated[str, Path(description="Answer format", json_schema_extra={"enum": FORMATS})]
Resource = Annotated[str, Path(description="The resource with its format, e.g. `su-kesintisi.json`",
                               json_schema_extra={"pattern": r"^[^/]+\.(json|xml)$"})]

_ERRORS_SCHEMA = {"type": "array", "items": {"type": "object", "required": ["code", "description"],
                                               "properties": {"code": {"type": "integer"},
                                                              "description": {"type": "string"}}}}
_XML = {"schema": {"type": "string", "description": "The same document as XML (UTF-8, with its declaration)"}}


def _errors(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ERRORS_SCHEMA}, "text/xml": _XML}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The 200 answer in both formats and the listed errors in Open311's shape."""
    texts = {400: "Missing or invalid parameters, or a format other than .json/.xml",
             403: "api_key missing, invalid, revoked, or not a channel key",
             404: "Unknown jurisdiction_id, service_code, request, token or format",
             429: "The api_key's rate limit is used up"}
    answers: dict[int | str, dict[str, Any]] = {
        200: {"description": "The Open311 document", "content": {"application/json": {"schema": {}}, "text/xml": _XML}}}
    answers.update({status: _errors(texts[status]) for status in statuses})
    return answers
