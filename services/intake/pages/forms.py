"""The desk form ⇄ the channel API's application body (pure: no I/O)."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from shared.contracts.intake import CatalogueService

TRACKING_NO = re.compile(r"^\s*\d{3}-\d{4}-\d{6}\s*$")
LOCATION = ("district", "neighbourhood", "address")
CITIZEN = ("name", "phone", "email", "national_id")
CONSENT = ("kvkk_ack", "notify_sms", "notify_email", "department_contact")


def application_body(items: Iterable[tuple[str, str]], service: CatalogueService | None) -> dict[str, Any]:
    """What `POST /v1/requests` would receive; empty fields are left out so the API's rules apply."""
    form: dict[str, list[str]] = {}
    for key, value in items:
        form.setdefault(key, []).append(value.strip())

    def one(name: str) -> str:
        return (form.get(name) or [""])[0]

    body: dict[str, Any] = {"kind": one("kind"), "text": one("text")}
    if one("service_code"):
        body["service_code"] = one("service_code")
    location = {k: one(k) for k in LOCATION if one(k)}
    if location:
        body["location"] = location
    citizen = {k: one(k) for k in CITIZEN if one(k)}
    if citizen:
        body["citizen"] = citizen
    body["consent"] = {k: one(k) in ("1", "on", "true") for k in CONSENT}
    attributes: dict[str, Any] = {}
    for attribute in (service.attributes if service else []):
        values = [v for v in form.get(f"attr.{attribute.code}", []) if v]
        if not values:
            continue
        attributes[attribute.code] = values if attribute.datatype == "multivaluelist" else values[0]
    if attributes:
        body["attributes"] = attributes
    return body


def field_id(loc: Iterable[Any]) -> str:
    """The id of the input a validation error points at (`citizen.phone` → `f-phone`)."""
    parts = [str(p) for p in loc if p not in ("body",)]
    if not parts:
        return "f-text"
    if parts[0] == "attributes" and len(parts) > 1:
        return f"f-attr-{parts[1]}"
    if parts[0] in ("location", "citizen", "consent") and len(parts) > 1:
        return f"f-{parts[1]}"
    return f"f-{parts[0]}"


def form_values(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The submitted values to put back into the form after a refusal."""
    values: dict[str, Any] = {}
    for key, value in items:
        values[key] = value
    return values


def service_choices(services: Iterable[CatalogueService], lang: str) -> list[dict[str, Any]]:
    """The catalogue as the page's search list and the attribute questions it builds."""
    out = []
    for s in sorted(services, key=lambda s: (s.group or "", s.name_tr)):
        out.append({
            "code": s.code, "name": (s.name_en if lang == "en" and s.name_en else s.name_tr), "group": s.group,
            "keywords": list(s.keywords or []),
            "attributes": [{"code": a.code, "datatype": a.datatype, "required": bool(a.required),
                            "label": (a.description_en if lang == "en" and a.description_en else a.description_tr),
                            "values": [{"key": v.get("key", ""), "name": v.get("name", "")} for v in (a.values or [])]}
                           for a in (s.attributes or [])],
        })
    return out


def is_tracking_no(text: str) -> bool:
    return bool(TRACKING_NO.match(text or ""))


def checked(values: Mapping[str, Any], name: str) -> bool:
    return str(values.get(name, "")) in ("1", "on", "true")
