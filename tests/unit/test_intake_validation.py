"""Every field rule of an application (intake/domain), success and failure paths."""

import pytest
from pydantic import ValidationError

from services.intake.domain.application import ApplicationInput, body_hash, idempotency_key

pytestmark = pytest.mark.unit


def valid(**overrides):
    body = {"kind": "request", "text": "Sokak lambası yanmıyor."}
    body.update(overrides)
    return body


def errors(body) -> dict[tuple, tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        ApplicationInput.model_validate(body)
    return {tuple(e["loc"]): (e["type"], e["msg"]) for e in info.value.errors()}


def test_minimal_application_is_valid():
    app = ApplicationInput.model_validate(valid())
    assert app.kind == "request" and app.consent.kvkk_ack is False and app.media_urls == []


@pytest.mark.parametrize("phone", ["0532 123 45 67", "+90 532 123 45 67", "5321234567", "0(532) 123-45-67",
                                   "905321234567", "+905321234567"])
def test_phone_in_any_turkish_form_becomes_e164(phone):
    assert ApplicationInput.model_validate(valid(citizen={"phone": phone})).citizen.phone == "+905321234567"


def test_landline_is_accepted():
    assert ApplicationInput.model_validate(valid(citizen={"phone": "0352 222 33 44"})).citizen.phone == "+903522223344"


@pytest.mark.parametrize("phone", ["123", "0532 123", "abc", "0000 000 00 00", ""])
def test_bad_phone_is_refused_naming_the_field(phone):
    kind, msg = errors(valid(citizen={"phone": phone}))[("citizen", "phone")]
    assert kind == "phone_invalid" and "phone number" in msg


def test_national_id_uses_the_tckn_rule():
    assert ApplicationInput.model_validate(valid(citizen={"national_id": "10000000146"})).citizen.national_id == "10000000146"
    for bad in ("10000000147", "01234567890", "1234567890", "abcdefghijk"):
        assert errors(valid(citizen={"national_id": bad}))[("citizen", "national_id")][0] == "national_id_invalid"


def test_email_is_validated_and_normalised():
    assert ApplicationInput.model_validate(valid(citizen={"email": "Ayse@Example.COM"})).citizen.email == "Ayse@example.com"
    for bad in ("ayse", "ayse@", "@example.com", "a b@example.com"):
        assert errors(valid(citizen={"email": bad}))[("citizen", "email")][0] == "email_invalid"


@pytest.mark.parametrize("written,canonical", [("melikgazi", "Melikgazi"), ("KOCASINAN", "Kocasinan"),
                                               ("ozvatan", "Özvatan"), ("İNCESU", "İncesu"),
                                               ("pinarbasi", "Pınarbaşı"), (" Sarıoğlan ", "Sarıoğlan")])
def test_district_is_matched_without_case_or_turkish_letters(written, canonical):
    app = ApplicationInput.model_validate(valid(location={"district": written}))
    assert app.location.district == canonical


def test_unknown_district_lists_the_allowed_ones():
    kind, msg = errors(valid(location={"district": "Çankaya"}))[("location", "district")]
    assert kind == "district_unknown" and "Melikgazi" in msg


def test_coordinates_must_lie_in_kayseri_and_come_in_pairs():
    assert ApplicationInput.model_validate(valid(location={"lat": 38.72, "lon": 35.48})).location.lat == 38.72
    assert errors(valid(location={"lat": 41.0, "lon": 35.48}))[("location", "lat")][0] == "outside_kayseri"
    assert errors(valid(location={"lat": 38.7, "lon": 29.0}))[("location", "lon")][0] == "outside_kayseri"
    assert errors(valid(location={"lat": 38.7}))[("location",)][0] == "coordinates_incomplete"


def test_text_is_trimmed_and_between_1_and_4000_characters():
    assert ApplicationInput.model_validate(valid(text="  su yok  ")).text == "su yok"
    assert ApplicationInput.model_validate(valid(text="a" * 4000)).text == "a" * 4000
    assert errors(valid(text="   "))[("text",)][0] == "text_empty"
    assert errors(valid(text="a" * 4001))[("text",)][0] == "text_too_long"
    assert errors({"kind": "request"})[("text",)][0] == "missing"


def test_kind_is_one_of_the_enumeration():
    assert errors(valid(kind="rumour"))[("kind",)][0] == "enum"
    for kind in ("request", "complaint", "suggestion", "thanks", "information"):
        assert ApplicationInput.model_validate(valid(kind=kind)).kind == kind


def test_at_most_five_http_media_urls():
    five = [f"https://cdn.example.com/{i}.jpg" for i in range(5)]
    assert ApplicationInput.model_validate(valid(media_urls=five)).media_urls == five
    assert errors(valid(media_urls=five + ["https://x.example/6.jpg"]))[("media_urls",)][0] == "too_long"
    assert errors(valid(media_urls=["ftp://x.example/a.jpg"]))[("media_urls", 0)][0] == "url_invalid"


def test_consent_to_notify_needs_the_contact():
    assert errors(valid(consent={"notify_sms": True}))[()][0] == "consent_without_contact"
    assert errors(valid(consent={"notify_email": True}, citizen={"phone": "05321234567"}))[()][0] == \
        "consent_without_contact"
    ok = ApplicationInput.model_validate(valid(consent={"notify_sms": True, "kvkk_ack": True},
                                               citizen={"phone": "05321234567"}))
    assert ok.consent.notify_sms and ok.consent.kvkk_ack


def test_unknown_fields_are_refused_by_name():
    assert errors(valid(channel="web"))[("channel",)][0] == "extra_forbidden"
    assert errors(valid(citizen={"phon": "05321234567"}))[("citizen", "phon")][0] == "extra_forbidden"


def test_long_names_and_channel_meta_are_refused():
    assert errors(valid(citizen={"name": "x" * 201}))[("citizen", "name")][0] == "string_too_long"
    assert errors(valid(channel_meta={"message_id": "m" * 201}))[("channel_meta", "message_id")][0] == "string_too_long"


def test_body_hash_ignores_the_message_id_and_phone_spelling():
    a = ApplicationInput.model_validate(valid(citizen={"phone": "0532 123 45 67"}, channel_meta={"message_id": "1"}))
    b = ApplicationInput.model_validate(valid(citizen={"phone": "+905321234567"}, channel_meta={"message_id": "2"}))
    c = ApplicationInput.model_validate(valid(text="başka"))
    assert body_hash(a.normalised()) == body_hash(b.normalised()) != body_hash(c.normalised())


def test_idempotency_key_scope_is_the_channel():
    assert idempotency_key("web", "k1", "153-2026-000001") == "web:k1"
    assert idempotency_key("web", None, "153-2026-000001") == "web:auto:153-2026-000001"
