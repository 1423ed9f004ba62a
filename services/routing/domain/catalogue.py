"""Routing's copy of intake's service catalogue: service code → department and SLA rule."""

from dataclasses import dataclass, field
from typing import Any

from shared.enums import Department

DEPARTMENT_CODES = frozenset(d.value for d in Department)


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    department: str
    sla_amount: int | None = None
    sla_unit: str | None = None
    active: bool = True
    name_tr: str = ""


@dataclass(frozen=True)
class Catalogue:
    version: int = 0
    services: dict[str, CatalogueEntry] = field(default_factory=dict)

    def routable(self, code: str | None) -> CatalogueEntry | None:
        """The entry for a service code if it is active and names a department we can route to."""
        if not code:
            return None
        entry = self.services.get(code)
        if entry is None or not entry.active or entry.department not in DEPARTMENT_CODES:
            return None
        return entry

    def sla_for(self, code: str | None) -> tuple[int, str] | None:
        entry = self.services.get(code or "")
        if entry is None or not entry.sla_amount or not entry.sla_unit:
            return None
        return entry.sla_amount, entry.sla_unit

    @classmethod
    def from_services(cls, version: int, services: list[dict[str, Any]]) -> "Catalogue":
        entries = {}
        for s in services:
            sla = s.get("sla") or {}
            entries[s["code"]] = CatalogueEntry(
                code=s["code"], department=s["department"], sla_amount=sla.get("amount"),
                sla_unit=sla.get("unit"), active=bool(s.get("active", True)), name_tr=s.get("name_tr", ""))
        return cls(version=version, services=entries)
