"""Words every page shares (Turkish first)."""

COMMON: dict[str, dict[str, str]] = {
    "tr": {
        "org": "Kayseri Büyükşehir Belediyesi", "skip": "İçeriğe geç", "other_lang": "English",
        "signin": "Giriş yap", "signout": "Çıkış", "key": "API anahtarı", "signin_title": "Görevli girişi",
        "signin_hint": "Size verilen API anahtarını girin. Anahtar bu tarayıcıda güvenli bir çerezde saklanır.",
        "bad_key": "Anahtar tanınmadı veya iptal edilmiş.",
        "wrong_role": "Bu anahtar bu sayfayı açamaz. Uygun bir anahtarla giriş yapın.",
        "signed_in_as": "Giriş", "unavailable": "kullanılamıyor", "not_found": "Bulunamadı.",
        "role_channel": "kanal", "role_department": "birim", "role_staff": "görevli", "role_admin": "yönetici",
        "menu": "Menü",
    },
    "en": {
        "org": "Kayseri Metropolitan Municipality", "skip": "Skip to content", "other_lang": "Türkçe",
        "signin": "Sign in", "signout": "Sign out", "key": "API key", "signin_title": "Staff sign-in",
        "signin_hint": "Enter the API key you were given. It is kept in a secure cookie in this browser.",
        "bad_key": "The key is unknown or revoked.",
        "wrong_role": "This key cannot open this page. Sign in with a suitable key.",
        "signed_in_as": "Signed in", "unavailable": "unavailable", "not_found": "Not found.",
        "role_channel": "channel", "role_department": "department", "role_staff": "staff", "role_admin": "admin",
        "menu": "Menu",
    },
}


DEPARTMENT_NAMES_EN: dict[str, str] = {
    "fen-isleri": "Department of Public Works", "kaski": "KASKİ Water and Sewerage Administration",
    "cevre": "Department of Environmental Protection", "park-bahce": "Department of Parks and Gardens",
    "ulasim": "Department of Transport Planning", "zabita": "Municipal Police (Zabıta)",
    "veteriner": "Veterinary Services", "itfaiye": "Fire Department",
    "sosyal-hizmetler": "Department of Social Services", "imar": "Department of Zoning and Urban Planning",
    "kultur": "Department of Culture and Social Affairs", "spor": "Department of Youth and Sports",
    "halkla-iliskiler": "Department of Press and Public Relations", "triage": "Citizen desk routing (supervisor)",
}


def department_name(code: str | None, lang: str = "tr") -> str:
    from shared.enums import DEPARTMENT_NAMES_TR

    if not code:
        return "—"
    names: dict = DEPARTMENT_NAMES_EN if lang == "en" else DEPARTMENT_NAMES_TR
    return names.get(code, code)
