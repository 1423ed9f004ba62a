"""Department names as citizens read them (Turkish from shared/enums, English here)."""

from shared.enums import DEPARTMENT_NAMES_TR, Department

DEPARTMENT_NAMES_EN: dict[str, str] = {
    Department.FEN_ISLERI: "Department of Public Works",
    Department.KASKI: "KASKİ Water and Sewerage Administration",
    Department.CEVRE: "Department of Environmental Protection",
    Department.PARK_BAHCE: "Department of Parks and Gardens",
    Department.ULASIM: "Department of Transport Planning",
    Department.ZABITA: "Municipal Police (Zabıta)",
    Department.VETERINER: "Veterinary Services",
    Department.ITFAIYE: "Fire Department",
    Department.SOSYAL_HIZMETLER: "Department of Social Services",
    Department.IMAR: "Department of Zoning and Urban Planning",
    Department.KULTUR: "Department of Culture and Social Affairs",
    Department.SPOR: "Department of Youth and Sports",
    Department.HALKLA_ILISKILER: "Department of Press and Public Relations",
    Department.TRIAGE: "Beyaz Masa routing desk",
}


def department_name(code: str, lang: str = "tr") -> str:
    names = DEPARTMENT_NAMES_EN if lang == "en" else DEPARTMENT_NAMES_TR
    return names.get(code, code)  # type: ignore[call-overload]
