"""The messages notify receives: types, routing keys, correlation id, contract payloads."""

import json

import pytest

from services.events.application import messages
from shared.contracts import events as contracts
from shared.contracts.registry import message_type

pytestmark = pytest.mark.unit

EVENT = {"_id": "ev-1", "type": "sports_school_registration", "title_tr": "Yaz Spor Okulu", "title_en": "Summer School",
         "venue": "İletişim Alanı, Cumhuriyet Meydanı"}
SESSION = {"_id": "se-1", "start_ts": 1_781_510_400.0, "end_ts": 1_781_517_600.0}
REG = {"_id": "rg-1", "checkin_code": "K7M2QX",
       "contact": {"name": "Ayşe Yılmaz", "phone": "+905321112233", "email": None},
       "consent": {"kvkk_ack": True, "notify_sms": 1, "notify_email": 0}}


@pytest.mark.parametrize(("build", "mtype", "model"), [
    (lambda: messages.confirmed(EVENT, SESSION, REG, 1), "event.registration.confirmed", contracts.RegistrationConfirmed),
    (lambda: messages.waitlisted(EVENT, SESSION, REG, 1, 3), "event.registration.waitlisted",
     contracts.RegistrationWaitlisted),
    (lambda: messages.promoted(EVENT, SESSION, REG, 2), "event.registration.promoted", contracts.RegistrationPromoted),
    (lambda: messages.cancelled(EVENT, SESSION, REG, 3, "event_cancelled"), "event.registration.cancelled",
     contracts.RegistrationCancelled),
    (lambda: messages.reminder(EVENT, SESSION, REG, 2), "event.reminder.due", contracts.ReminderDue),
])
def test_each_message_has_its_type_key_and_registration_correlation(build, mtype, model):
    msg = build()
    assert msg.type == msg.routing_key == mtype
    assert msg.exchange == "irtibat.events" and msg.producer == "events"
    assert msg.correlation_id == "rg-1" and msg.schema_ == message_type(mtype).schema
    payload = model.model_validate_json(msg.body)
    assert payload.registration_id == "rg-1" and payload.session_id == "se-1"
    assert payload.contact.phone == "+905321112233"
    assert payload.consent.notify_sms is True and payload.consent.notify_email is False
    assert payload.session_start.tzinfo is not None
    assert json.loads(msg.body)["event_type"] == "sports_school_registration"


def test_payload_details():
    assert json.loads(messages.confirmed(EVENT, SESSION, REG, 1).body)["checkin_code"] == "K7M2QX"
    assert json.loads(messages.waitlisted(EVENT, SESSION, REG, 1, 3).body)["position"] == 3
    assert json.loads(messages.cancelled(EVENT, SESSION, REG, 3, "event_cancelled").body)["reason"] == "event_cancelled"
