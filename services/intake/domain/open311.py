"""Open311 GeoReport v2: how our catalogue and applications look to Open311 clients, and how an
Open311 form becomes an application. Public views carry no personal data."""

from typing import Any

from services.intake.domain.clock import local_iso
from services.intake.domain.timeline import LABELS, department_name, public_status
from shared.contracts.intake import CatalogueService
from shared.pii import redact

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
FORMATS = ("json", "xml")
MAX_RANGE_DAYS = 90

# Our field paths → the Open311 parameter a client sent, for error descriptions.
_PARAM_NAMES = {"text": "description", "location.lat": "lat", "location.lon": "long",
                "location.address": "address_string", "location.district": "district",
                "location.neighbourhood": "neighbourhood", "citizen.email": "email", "citizen.phone": "phone",
                "citizen.name": "first_name", "media_urls": "media_url", "service_code": "service_code",
                "kind": "kind"}


def discovery(base_url: str, contact: str, changeset: str) -> dict[str, Any]:
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": "API keys: Kayseri Büyükşehir Belediyesi Bilgi İşlem (admin /v1/admin/keys)",
        "endpoints": [{"specification": SPEC_URL, "url": f"{base_url.rstrip('/')}/open311/v2",
                       "changeset": changeset, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }


def service_entry(svc: CatalogueService) -> dict[str, Any]:
    return {"service_code": svc.code, "service_name": svc.name_tr, "description": svc.description_tr,
            "metadata": bool(svc.attributes), "type": "realtime", "keywords": ", ".join(svc.keywords),
            "group": svc.group}


def service_definition(svc: CatalogueService) -> dict[str, Any]:
    return {"service_code": svc.code, "attributes": [
        {"variable": True, "code": a.code, "datatype": a.datatype, "required": a.required,
         "datatype_description": a.description_en, "order": i, "description": a.description_tr,
         "values": [{"key": v.get("key"), "name": v.get("name")} for v in a.values]}
        for i, a in enumerate(svc.attributes, start=1)]}


def request_entry(doc: dict[str, Any], service_name: str | None) -> dict[str, Any]:
    """One application as a public Open311 service request."""
    status = doc.get("status") or "received"
    location = doc.get("location") or {}
    address = ", ".join(p for p in (location.get("address"), location.get("neighbourhood"),
                                    location.get("district")) if p)
    notes = doc.get("status_note") or LABELS.get(status, (status,))[0]
    media = doc.get("media_urls") or []
    return {
        "service_request_id": doc["_id"],
        "status": public_status(status),
        "status_notes": redact(notes),
        "service_name": service_name,
        "service_code": doc.get("service_code"),
        "description": redact(doc.get("text")),
        "agency_responsible": department_name(doc.get("department")),
        "service_notice": None,
        "requested_datetime": local_iso(doc.get("registered_at")),
        "updated_datetime": local_iso(doc.get("updated_at")),
        "expected_datetime": local_iso(doc.get("due_at")),
        "address": redact(address) or None,
        "address_id": None,
        "zipcode": None,
        "lat": location.get("lat"),
        "long": location.get("lon"),
        "media_url": media[0] if media else None,
    }


def form_to_body(form: list[tuple[str, str]], service: CatalogueService | None) -> tuple[dict[str, Any], list[str]]:
    """An Open311 POST form → (application body, problems that make it a 400)."""
    fields: dict[str, str] = {}
    attributes: dict[str, Any] = {}
    for key, value in form:
        if key.startswith("attribute[") and key.endswith("[]"):
            attributes.setdefault(key[len("attribute["):-3], []).append(value)
        elif key.startswith("attribute[") and key.endswith("]"):
            attributes[key[len("attribute["):-1]] = value
        else:
            fields[key] = value.strip()
    problems = []
    if not fields.get("service_code"):
        problems.append("service_code was not provided")
    lat, lon = fields.get("lat"), fields.get("long")
    if not ((lat and lon) or fields.get("address_string") or fields.get("address_id")):
        problems.append("location was not provided: send lat and long, or address_string")
    location: dict[str, Any] = {}
    for name, param in (("lat", lat), ("lon", lon)):
        if param:
            try:
                location[name] = float(param)
            except ValueError:
                problems.append(f"{'long' if name == 'lon' else name}: must be a decimal number")
    if fields.get("address_string") or fields.get("address_id"):
        location["address"] = fields.get("address_string") or fields.get("address_id")
    for extra in ("district", "neighbourhood"):
        if fields.get(extra):
            location[extra] = fields[extra]
    name = " ".join(p for p in (fields.get("first_name"), fields.get("last_name")) if p)
    citizen = {k: v for k, v in (("name", name), ("email", fields.get("email")), ("phone", fields.get("phone"))) if v}
    text = fields.get("description") or (service.name_tr if service else "")
    body: dict[str, Any] = {"kind": fields.get("kind") or "request", "text": text,
                            "service_code": fields.get("service_code") or None, "attributes": attributes,
                            "location": location, "citizen": citizen}
    if fields.get("media_url"):
        body["media_urls"] = [fields["media_url"]]
    if fields.get("device_id"):
        body["channel_meta"] = {"desk_id": fields["device_id"][:200]}
    return body, problems


def param_name(loc: tuple[str | int, ...]) -> str:
    """Name an error's field the way the Open311 client sent it."""
    if len(loc) >= 2 and loc[0] == "attributes":
        return f"attribute[{loc[1]}]"
    path = ".".join(str(p) for p in loc if not isinstance(p, int))
    return _PARAM_NAMES.get(path, path)
