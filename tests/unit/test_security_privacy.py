"""Intake's KVKK rules as pure functions: identifiers normalised as intake stores them, the query
that finds a person's applications, the subjects an erasure sends (the same as routing, notify and
events compute), what anonymising leaves, and retention's clock."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic_core import PydanticCustomError

from services.intake.application.retention import Retention
from services.intake.domain.privacy import ERASED_NAME, Identifiers, anonymised, export_entry
from shared.erasure import subjects_for

pytestmark = pytest.mark.unit
SECRET = "test-secret"


def test_identifiers_are_normalised_like_stored_applications():
    ids = Identifiers.parse("0532 123 45 67", "Ayse.Yilmaz@EXAMPLE.com", "10000000146")
    assert ids == Identifiers("+905321234567", "Ayse.Yilmaz@example.com", "10000000146")
    assert ids.query() == {"$or": [{"citizen.phone": "+905321234567"},
                                   {"citizen.email": {"$in": ["Ayse.Yilmaz@example.com", "ayse.yilmaz@example.com"]}},
                                   {"citizen.national_id": "10000000146"}]}
    assert Identifiers.parse(None, None, "10000000146").query() == {"citizen.national_id": "10000000146"}


@pytest.mark.parametrize("phone,email,national_id,kind", [
    (None, None, None, "identifier_missing"), ("12", None, None, "phone_invalid"),
    (None, "a@b", None, "email_invalid"), (None, "a@example.com\r\nBcc: x@example.com", None, "email_invalid"),
    (None, None, "12345678901", "national_id_invalid")])
def test_a_missing_or_invalid_identifier_is_refused_without_echoing_it(phone, email, national_id, kind):
    with pytest.raises(PydanticCustomError) as refused:
        Identifiers.parse(phone, email, national_id)
    assert refused.value.type == kind
    for value in (phone, email, national_id):
        assert not value or value not in str(refused.value)


def test_subjects_match_what_the_other_services_compute():
    ids = Identifiers.parse("+905321234567", "Ayse@Example.com", "10000000146")
    # routing: HMAC of the E.164 phone and the lower-cased e-mail; notify and events: subjects_for.
    assert set(subjects_for(SECRET, phones=("+905321234567",), email="ayse@example.com")) <= set(ids.subjects(SECRET))
    assert len(ids.subjects(SECRET)) == 3 and all(len(s) == 64 for s in ids.subjects(SECRET))
    assert "+905321234567" not in "".join(ids.subjects(SECRET))


def test_anonymising_keeps_what_figures_need_and_nothing_personal():
    doc = {"_id": "153-2026-000001", "text": "Su yok, 0532 123 45 67 arayın, ayse@example.com",
           "citizen": {"name": "Ayşe", "phone": "+905321234567"}}
    update = anonymised(doc, datetime(2026, 1, 1, tzinfo=UTC), "retention")["$set"]
    assert update["citizen"] == {"name": ERASED_NAME, "phone": None, "email": None, "national_id": None}
    assert "0532" not in update["text"] and "ayse@" not in update["text"] and update["text"].startswith("Su yok")
    assert update["location.address"] is None and update["erased"] == 1 and update["erased_why"] == "retention"
    assert not any(k.startswith(("kind", "status", "timeline", "location.district")) for k in update)


def test_the_export_hides_internals_only():
    entry = export_entry({"_id": "153-2026-000001", "outbox": {"m": {}}, "outbox_pending": 0, "body_hash": "h",
                          "idempotency_key": "web:k", "citizen": {"phone": "+905321234567"}, "text": "t"})
    assert entry == {"tracking_no": "153-2026-000001", "citizen": {"phone": "+905321234567"}, "text": "t"}


class FakeStore:
    def __init__(self, docs):
        self.docs, self.updates = docs, {}

    async def closed_not_erased(self, limit):
        return [d for d in self.docs if d["_id"] not in self.updates][:limit]

    async def anonymise(self, tracking_no, update):
        self.updates[tracking_no] = update
        return True


async def test_retention_waits_for_the_period_after_closing():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    store = FakeStore([{"_id": "old", "updated_at": (now - timedelta(days=31)).isoformat(), "text": "x"},
                       {"_id": "naive", "updated_at": (now - timedelta(days=40)).replace(tzinfo=None), "text": "x"},
                       {"_id": "recent", "updated_at": now - timedelta(days=29), "text": "x"}])
    retention = Retention(store, retention_days=30, interval_s=0)
    assert await retention.run_once(now) == 2
    assert set(store.updates) == {"old", "naive"}
    assert await retention.run_once(now) == 0
