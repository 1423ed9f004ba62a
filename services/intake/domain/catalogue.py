"""The service catalogue's rules: which codes exist and what extra attributes each one asks."""

import re
from datetime import datetime
from typing import Any

from services.intake.domain.errors import FieldError
from shared.contracts.intake import CatalogueAttribute, CatalogueService
from shared.enums import Department

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


def check_definition(service: CatalogueService) -> list[str]:
    """What is wrong with a service an admin wants to store (empty when fine)."""
    problems = []
    if not CODE_RE.match(service.code):
        problems.append("code: lower-case letters, digits and '-', 2–64 characters")
    if service.department not in {d.value for d in Department}:
        problems.append(f"department: unknown department code {service.department!r}")
    seen = set()
    for attr in service.attributes:
        if attr.code in seen:
            problems.append(f"attributes: code {attr.code!r} appears twice")
        seen.add(attr.code)
        if not CODE_RE.match(attr.code.replace("_", "-")):
            problems.append(f"attributes.{attr.code}: code of lower-case letters, digits, '-' or '_'")
        if attr.datatype not in DATATYPES:
            problems.append(f"attributes.{attr.code}.datatype: one of {', '.join(DATATYPES)}")
        if attr.datatype.endswith("valuelist") and not attr.values:
            problems.append(f"attributes.{attr.code}.values: a list datatype needs values")
    return problems


def check_attributes(service: CatalogueService | None, code: str | None,
                     attributes: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Normalised attributes and the errors of a submission against its service's definition."""
    if code is None:
        if attributes:
            return attributes, [FieldError(("attributes",), "attributes need a service_code", "attributes_without_service")]
        return attributes, []
    if service is None or not service.active:
        return attributes, [FieldError(("service_code",), "unknown or inactive service code (see GET /v1/services)",
                                       "service_code_unknown")]
    defined = {a.code: a for a in service.attributes}
    errors = [FieldError(("attributes", key), f"not an attribute of service {code}", "attribute_unknown")
              for key in attributes if key not in defined]
    out: dict[str, Any] = {}
    for attr in service.attributes:
        value = attributes.get(attr.code)
        if value is None or value == "" or value == []:
            if attr.required:
                errors.append(FieldError(("attributes", attr.code), f"required: {attr.description_tr}",
                                         "attribute_required"))
            continue
        try:
            out[attr.code] = _coerce(attr, value)
        except ValueError as exc:
            errors.append(FieldError(("attributes", attr.code), str(exc), "attribute_invalid"))
    return out, errors


def _coerce(attr: CatalogueAttribute, value: Any) -> Any:
    keys = [v.get("key") for v in attr.values]
    if attr.datatype == "number":
        if isinstance(value, bool):
            raise ValueError("must be a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a number") from None
        return int(number) if number.is_integer() else number
    if attr.datatype == "singlevaluelist":
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if str(value) not in keys:
            raise ValueError(f"must be one of: {', '.join(map(str, keys))}")
        return str(value)
    if attr.datatype == "multivaluelist":
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if str(v) not in keys]
        if bad:
            raise ValueError(f"each value must be one of: {', '.join(map(str, keys))}")
        return [str(v) for v in values]
    if attr.datatype == "datetime":
        try:
            datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError("must be an ISO 8601 date-time") from None
        return str(value)
    if isinstance(value, list):
        raise ValueError("must be a single value")
    return str(value)
