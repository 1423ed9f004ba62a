"""Open311's two formats: JSON and XML (UTF-8, with the XML declaration), and its error shape."""

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from fastapi.responses import Response

# A list's element name → the element name of each item (GeoReport v2's XML documents).
ITEM_TAGS = {"services": "service", "attributes": "attribute", "values": "value", "service_requests": "request",
             "errors": "error", "endpoints": "endpoint", "formats": "format"}
MEDIA_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        self.status = status
        self.descriptions = list(descriptions) or ["error"]
        super().__init__("; ".join(self.descriptions))


def split_format(resource: str) -> tuple[str, str]:
    """'water.json' → ('water', 'json'); a missing or unknown format is a 400 in JSON."""
    name, dot, fmt = resource.rpartition(".")
    if not dot or fmt not in MEDIA_TYPES:
        raise Open311Error(400, "format must be .json or .xml")
    return name, fmt


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(SubElement(element, key), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(SubElement(element, item_tag), child)
    else:
        element.text = _scalar(value)


def to_xml(root: str, value: Any) -> bytes:
    element = Element(root)
    _fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="unicode").encode()


def render(fmt: str, root: str, value: Any, status: int = 200) -> Response:
    """`root` names the XML document element (`services`, `service_requests`, `service_definition` …)."""
    if fmt == "xml":
        body = to_xml(root, value)
    else:
        body = json.dumps(value, ensure_ascii=False).encode()
    return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt])


def error_response(error: Open311Error, fmt: str = "json") -> Response:
    errors = [{"code": error.status, "description": d} for d in error.descriptions]
    return render(fmt if fmt in MEDIA_TYPES else "json", "errors", errors, status=error.status)
