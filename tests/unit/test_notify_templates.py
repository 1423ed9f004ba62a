"""Every template renders in Turkish and English; SMS fit their segments without cutting words."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.notify.adapters.templates import DEFAULT_DIR, Templates
from services.notify.domain.plan import EVENT_TEMPLATES, STATUS_TEMPLATES
from services.notify.domain.sms import measure

pytestmark = pytest.mark.unit
AT = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
CONTEXT = {
    "tracking_no": "153-2026-004217", "tracking_code": "K7F3", "registered_at": AT, "kind": "complaint",
    "channel": "phone", "department": "park-bahce", "note": "Ağaç budandı.", "master_tracking_no": "153-2026-000001",
    "occurred_at": AT, "case_version": 3, "escalated_to": "triage", "level": 1, "due_at": AT, "target": "triage",
    "registration_id": "r1", "title_tr": "Yaz Spor Okulu Kayıt Günü", "title_en": "Summer Sports School Day",
    "session_start": AT, "venue": "İletişim Alanı", "name": "Ayşe", "checkin_code": "QX42", "position": 3,
    "reason": "event_cancelled", "event_cancelled": True,
}
CITIZEN = ["receipt", "case_routed", *STATUS_TEMPLATES.values(), *EVENT_TEMPLATES.values()]


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates(strict=True)


def test_every_message_has_turkish_and_english_files():
    names = {p.name for p in Path(DEFAULT_DIR).glob("*.j2")}
    for template in CITIZEN:
        for channel in ("sms", "email"):
            for lang in ("tr", "en"):
                assert f"{template}.{channel}.{lang}.j2" in names
    assert {"case_escalated.email.tr.j2", "case_escalated.email.en.j2"} <= names


@pytest.mark.parametrize("template", CITIZEN)
def test_citizen_templates_render_in_both_languages(templates, template):
    tr = templates.sms(template, "tr", CONTEXT)
    en = templates.sms(template, "en", CONTEXT)
    assert tr.body != en.body and tr.segments <= 3 and "{{" not in tr.body
    mail = templates.email(template, CONTEXT)
    assert " / " in mail.subject and "— English —" in mail.body
    assert mail.body.index("— English —") > 0


def test_turkish_texts_name_the_department_and_local_time(templates):
    assert "Park ve Bahçeler Dairesi" in templates.sms("case_routed", "tr", CONTEXT).body
    assert "Department of Parks and Gardens" in templates.sms("case_routed", "en", CONTEXT).body
    confirmed = templates.sms("event_confirmed", "tr", CONTEXT).body
    assert "10.03.2026 10:30" in confirmed and "Yaz Spor Okulu" in confirmed
    assert "Summer Sports School Day" in templates.sms("event_confirmed", "en", CONTEXT).body


def test_a_long_note_is_shortened_at_a_word_boundary_and_the_rest_is_kept(templates):
    note = "Bölgedeki tüm kaldırımlar yenilendi, aydınlatma direkleri değiştirildi. " * 15
    sms = templates.sms("case_resolved", "tr", {**CONTEXT, "note": note})
    assert measure(sms.body).segments <= 3 and sms.segments <= 3
    assert "153-2026-004217" in sms.body and "çözüldü" in sms.body
    kept = sms.body.split("Park ve Bahçeler Dairesi: ", 1)[1]
    assert kept.endswith("...") and note.startswith(kept[:-3])
    assert kept[:-3].split()[-1] in note.split()


def test_segment_limit_is_configurable(templates):
    one = Templates(strict=True, sms_max_segments=1)
    note = "Çalışma tamamlandı ve alan temizlendi. " * 10
    assert one.sms("case_resolved", "tr", {**CONTEXT, "note": note}).segments == 1


def test_an_unknown_language_falls_back_to_turkish(templates):
    assert templates.sms("receipt", "de", CONTEXT).body == templates.sms("receipt", "tr", CONTEXT).body
