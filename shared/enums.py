"""The enumerations of DESIGN.md (Contracts), in one module."""

from enum import StrEnum


class Kind(StrEnum):
    REQUEST = "request"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    THANKS = "thanks"
    INFORMATION = "information"


class Channel(StrEnum):
    PHONE = "phone"
    WALK_IN = "walk_in"
    WEB = "web"
    MOBILE = "mobile"
    EMAIL = "email"
    SMS = "sms"
    OPEN311 = "open311"
    CIMER = "cimer"


class CaseStatus(StrEnum):
    ROUTED = "routed"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    REASSIGNED = "reassigned"
    DUPLICATE = "duplicate"


class RoutingPath(StrEnum):
    CODE = "code"
    RULE = "rule"
    CLASSIFIER = "classifier"
    TRIAGE = "triage"


class WorkItemReason(StrEnum):
    NEW = "new"
    REASSIGNED = "reassigned"
    ESCALATED = "escalated"


class Role(StrEnum):
    CHANNEL = "channel"
    DEPARTMENT = "department"
    STAFF = "staff"
    ADMIN = "admin"


class Department(StrEnum):
    FEN_ISLERI = "fen-isleri"
    KASKI = "kaski"
    CEVRE = "cevre"
    PARK_BAHCE = "park-bahce"
    ULASIM = "ulasim"
    ZABITA = "zabita"
    VETERINER = "veteriner"
    ITFAIYE = "itfaiye"
    SOSYAL_HIZMETLER = "sosyal-hizmetler"
    IMAR = "imar"
    KULTUR = "kultur"
    SPOR = "spor"
    HALKLA_ILISKILER = "halkla-iliskiler"
    TRIAGE = "triage"


DEPARTMENT_NAMES_TR: dict[Department, str] = {
    Department.FEN_ISLERI: "Fen İşleri Dairesi",
    Department.KASKI: "KASKİ Genel Müdürlüğü",
    Department.CEVRE: "Çevre Koruma ve Kontrol Dairesi",
    Department.PARK_BAHCE: "Park ve Bahçeler Dairesi",
    Department.ULASIM: "Ulaşım Planlama Dairesi",
    Department.ZABITA: "Zabıta Dairesi",
    Department.VETERINER: "Veteriner İşleri Müdürlüğü",
    Department.ITFAIYE: "İtfaiye Dairesi",
    Department.SOSYAL_HIZMETLER: "Sosyal Hizmetler Dairesi",
    Department.IMAR: "İmar ve Şehircilik Dairesi",
    Department.KULTUR: "Kültür ve Sosyal İşler Dairesi",
    Department.SPOR: "Gençlik ve Spor Hizmetleri Dairesi",
    Department.HALKLA_ILISKILER: "Basın Yayın ve Halkla İlişkiler Dairesi",
    Department.TRIAGE: "Beyaz Masa Yönlendirme (Supervisor)",
}

# Kayseri's 16 districts, as citizens and the municipality write them.
DISTRICTS: tuple[str, ...] = (
    "Akkışla", "Bünyan", "Develi", "Felahiye", "Hacılar", "İncesu", "Kocasinan", "Melikgazi",
    "Özvatan", "Pınarbaşı", "Sarıoğlan", "Sarız", "Talas", "Tomarza", "Yahyalı", "Yeşilhisar",
)
