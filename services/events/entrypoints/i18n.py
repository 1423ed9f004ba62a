"""What citizens read on the pages: Turkish first, English on ?lang=en."""

TEXTS: dict[str, dict[str, str]] = {
    "tr": {
        "site": "İletişim Alanı Etkinlikleri", "upcoming": "Yaklaşan etkinlikler",
        "none": "Şu anda yaklaşan etkinlik yok.",
        "details": "Ayrıntılar ve kayıt", "venue": "Yer", "organiser": "Düzenleyen", "sessions": "Oturumlar",
        "free": "boş yer", "full": "dolu — bekleme listesine yazılabilirsiniz", "register": "Kayıt ol",
        "session": "Oturum", "name": "Ad soyad", "name_child": "Çocuğun adı soyadı", "phone": "Cep telefonu",
        "email": "E-posta (isteğe bağlı)", "birth_date": "Doğum tarihi", "guardian_name": "Veli adı soyadı",
        "guardian_phone": "Veli cep telefonu", "role": "Katılımcı türü", "company": "Firma adı",
        "openings": "Açık pozisyon sayısı", "kvkk": "KVKK aydınlatma metnini okudum, kişisel verilerimin bu kayıt için "
        "işlenmesini kabul ediyorum.", "notify_sms": "SMS ile bilgilendirilmek istiyorum",
        "notify_email": "E-posta ile bilgilendirilmek istiyorum", "errors": "Lütfen aşağıdakileri düzeltin:",
        "confirmed": "Kaydınız onaylandı.", "waitlisted": "Oturum dolu: bekleme listesine alındınız.",
        "cancelled": "Bu kayıt iptal edildi.", "position": "Bekleme listesindeki sıranız",
        "checkin_code": "Giriş kodunuz", "checkin_hint": "Etkinlik günü bu kodu girişte görevliye gösterin.",
        "keep": "Bu sayfanın adresini saklayın: kaydınızı buradan izleyebilir ve iptal edebilirsiniz.",
        "cancel": "Kaydımı iptal et", "leave": "Bekleme listesinden çık", "checked_in": "Girişiniz yapıldı.",
        "job_seeker": "İş arayan", "employer": "İşveren", "intern": "Stajyer", "choose": "Seçiniz",
        "ages": "Yaş aralığı", "registration_closed": "Bu etkinliğe kayıt kapalı.", "back": "Tüm etkinlikler",
        "other_lang": "English", "required": "zorunlu", "not_found": "Bulunamadı.",
        "career_day": "Kariyer Günü", "sports_school_registration": "Yaz Spor Okulu Kaydı",
        "counselling_promotion": "Aile Danışmanlığı Tanıtımı", "other": "Etkinlik",
    },
    "en": {
        "site": "Contact Area Events", "upcoming": "Upcoming events", "none": "There are no upcoming events.",
        "details": "Details and registration", "venue": "Venue", "organiser": "Organiser", "sessions": "Sessions",
        "free": "seats free", "full": "full — you can join the waiting list", "register": "Register",
        "session": "Session", "name": "Full name", "name_child": "Child's full name", "phone": "Mobile phone",
        "email": "E-mail (optional)", "birth_date": "Date of birth", "guardian_name": "Guardian's full name",
        "guardian_phone": "Guardian's mobile phone", "role": "Participant type", "company": "Company",
        "openings": "Number of openings", "kvkk": "I have read the KVKK personal data notice and agree to my data "
        "being processed for this registration.", "notify_sms": "Keep me informed by SMS",
        "notify_email": "Keep me informed by e-mail", "errors": "Please correct the following:",
        "confirmed": "Your registration is confirmed.",
        "waitlisted": "The session is full: you are on the waiting list.",
        "cancelled": "This registration is cancelled.", "position": "Your place on the waiting list",
        "checkin_code": "Your check-in code", "checkin_hint": "Show this code at the door on the day.",
        "keep": "Keep this page's address: you can follow and cancel your registration here.",
        "cancel": "Cancel my registration", "leave": "Leave the waiting list", "checked_in": "You are checked in.",
        "job_seeker": "Job seeker", "employer": "Employer", "intern": "Intern", "choose": "Choose",
        "ages": "Ages", "registration_closed": "Registration for this event is closed.", "back": "All events",
        "other_lang": "Türkçe", "required": "required", "not_found": "Not found.",
        "career_day": "Career Day", "sports_school_registration": "Summer Sports School Registration",
        "counselling_promotion": "Family Counselling Promotion", "other": "Event",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["tr"])


def lang_of(value: str | None) -> str:
    return "en" if value == "en" else "tr"
