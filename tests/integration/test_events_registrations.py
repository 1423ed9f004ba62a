"""Events service in-process against the real broker (private vhost) and the Mongo stand-in:
capacity under concurrency, waitlist promotion, duplicates, eligibility, check-in, cancellation
of an event, visits and figures, and the messages notify receives."""

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from services.events.application import places
from services.events.application.scheduler import finish_promotions
from services.events.main import create_app
from services.events.settings import EventsSettings
from tests.support.apps import running_app

pytestmark = pytest.mark.integration
ADMIN = {"X-API-Key": "dev-admin"}
STAFF = {"X-API-Key": "dev-staff"}


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class Inbox:
    """A test queue bound to irtibat.events: what notify would receive."""

    def __init__(self, url: str):
        self.url = url
        self.messages: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def start(self) -> None:
        self.connection = await aio_pika.connect(self.url)
        channel = await self.connection.channel()
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind("irtibat.events", routing_key="event.#")
        await queue.consume(self._on_message, no_ack=True)

    async def _on_message(self, message) -> None:
        self.messages.append(message)

    def of(self, mtype: str, registration_id: str | None = None) -> list[dict]:
        """Distinct messages (delivery is at-least-once; notify de-duplicates by message id)."""
        out, seen = [], set()
        for m in self.messages:
            if m.message_id in seen:
                continue
            seen.add(m.message_id)
            body = json.loads(m.body)
            if m.type == mtype and (registration_id is None or body["registration_id"] == registration_id):
                out.append({"body": body, "correlation_id": m.correlation_id, "message_id": m.message_id})
        return out

    async def wait_for(self, mtype: str, count: int, registration_id: str | None = None, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.of(mtype, registration_id)) >= count:
                return self.of(mtype, registration_id)
            await asyncio.sleep(0.05)
        raise AssertionError(f"{mtype}: {len(self.of(mtype, registration_id))} of {count} arrived")


@pytest.fixture(scope="module")
async def env(rabbit_url, mongo_url):
    clock = Clock()
    settings = EventsSettings(rabbit_url=rabbit_url, mongo_url=mongo_url,
                              mongo_database=f"events_reg_{uuid.uuid4().hex[:8]}", scheduler_interval_s=0.3,
                              outbox_scan_interval_s=0.5, outbox_grace_s=1.0, visitors_baseline=25_550)
    app = create_app(settings, clock=clock)
    async with running_app(app) as client:
        await asyncio.wait_for(app.state.runtime.broker_connected.wait(), 30)
        inbox = Inbox(rabbit_url)
        await inbox.start()
        yield client, inbox, clock, app
        await inbox.connection.close()


def in_days(days: float, hours: int = 10) -> datetime:
    day = (datetime.now(UTC) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hours, 0)  # naive: Europe/Istanbul


async def make_event(client, *, capacity=10, sessions=1, publish=True, **fields) -> dict:
    body = {"type": "other", "title_tr": "Tanıtım Günü", "title_en": "Open Day", "organiser": "halkla-iliskiler",
            "sessions": [{"start": in_days(3 + i).isoformat(), "end": in_days(3 + i, 12).isoformat(),
                          "capacity": capacity} for i in range(sessions)], **fields}
    r = await client.post("/v1/events", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text
    event = r.json()
    if publish:
        r = await client.post(f"/v1/events/{event['id']}/state", json={"state": "published"}, headers=ADMIN)
        assert r.status_code == 200, r.text
        event = r.json()
    return event


def person(n: int, session_id: str, **extra) -> dict:
    return {"session_id": session_id, "name": f"Katılımcı {n}", "phone": f"0532 100 {n // 100:02d} {n % 100:02d}",
            "consent": {"kvkk_ack": True, "notify_sms": True}, **extra}


async def test_fifty_at_once_for_ten_seats_confirms_ten_and_waitlists_forty_in_arrival_order(env):
    client, inbox, _, _ = env
    event = await make_event(client, capacity=10)
    sid = event["sessions"][0]["id"]
    answers = await asyncio.gather(*(client.post(f"/v1/events/{event['id']}/registrations", json=person(n, sid))
                                     for n in range(50)))
    assert [a.status_code for a in answers] == [201] * 50
    created = [a.json() for a in answers]
    confirmed = [c for c in created if c["status"] == "confirmed"]
    waiting = [c for c in created if c["status"] == "waitlisted"]
    assert len(confirmed) == 10 and len(waiting) == 40
    assert all(c["checkin_code"] and c["position"] is None for c in confirmed)
    assert sorted(c["position"] for c in waiting) == list(range(1, 41))

    listing = (await client.get(f"/v1/events/{event['id']}/sessions/{sid}/registrations", headers=STAFF)).json()
    by_arrival = sorted(listing, key=lambda r: r["arrival"])
    assert [r["arrival"] for r in by_arrival] == list(range(1, 51))
    # Arrival order: the first ten arrivals hold the seats, the rest wait in the order they came.
    assert {r["status"] for r in by_arrival[:10]} == {"confirmed"}
    assert {r["status"] for r in by_arrival[10:]} == {"waitlisted"}
    session = (await client.get(f"/v1/events/{event['id']}")).json()["sessions"][0]
    assert (session["confirmed"], session["waiting"], session["free"]) == (10, 40, 0)

    for c in waiting[:3]:
        got = (await client.get(f"/v1/registrations/{c['id']}", params={"code": c["secret_code"]})).json()
        arrival = next(r["arrival"] for r in listing if r["id"] == c["id"])
        assert got["status"] == "waitlisted" and got["position"] == arrival - 10 and got["checkin_code"] is None

    await inbox.wait_for("event.registration.confirmed", 10)
    msgs = await inbox.wait_for("event.registration.waitlisted", 40)
    first = inbox.of("event.registration.confirmed", confirmed[0]["id"])[0]
    assert first["correlation_id"] == confirmed[0]["id"]
    body = first["body"]
    assert body["checkin_code"] == confirmed[0]["checkin_code"] and body["event_id"] == event["id"]
    assert body["contact"]["phone"].startswith("+90532100") and body["consent"]["notify_sms"] is True
    assert body["consent"]["kvkk_ack"] is True and body["event_title_tr"] == "Tanıtım Günü"
    assert sorted(m["body"]["position"] for m in msgs) == list(range(1, 41))


async def test_cancelling_promotes_the_first_waiting_once_even_under_concurrent_cancels(env):
    client, inbox, _, _ = env
    event = await make_event(client, capacity=5)
    sid, eid = event["sessions"][0]["id"], event["id"]
    created = []
    for n in range(12):  # sequential: arrival order is known
        r = await client.post(f"/v1/events/{eid}/registrations", json=person(500 + n, sid))
        created.append(r.json())
    seated, waiting = created[:5], created[5:]
    assert [c["status"] for c in seated] == ["confirmed"] * 5 and [c["position"] for c in waiting] == list(range(1, 8))

    r = await client.post(f"/v1/registrations/{seated[0]['id']}/cancel", json={"code": seated[0]["secret_code"]})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    first = (await client.get(f"/v1/registrations/{waiting[0]['id']}", params={"code": waiting[0]["secret_code"]})).json()
    assert first["status"] == "confirmed" and first["checkin_code"]
    second = (await client.get(f"/v1/registrations/{waiting[1]['id']}", params={"code": waiting[1]["secret_code"]})).json()
    assert second["position"] == 1
    promoted = await inbox.wait_for("event.registration.promoted", 1, waiting[0]["id"])
    assert promoted[0]["body"]["checkin_code"] == first["checkin_code"] and promoted[0]["body"]["version"] == 2
    cancelled = await inbox.wait_for("event.registration.cancelled", 1, seated[0]["id"])
    assert cancelled[0]["body"]["reason"] == "participant_cancelled"

    # Four confirmed places cancelled at once: exactly four promotions, in waitlist order.
    answers = await asyncio.gather(*(client.post(f"/v1/registrations/{c['id']}/cancel",
                                                 json={"code": c["secret_code"]}) for c in seated[1:]))
    assert [a.status_code for a in answers] == [200] * 4
    listing = (await client.get(f"/v1/events/{eid}/sessions/{sid}/registrations", headers=STAFF)).json()
    status = {r["id"]: r["status"] for r in listing}
    assert [status[c["id"]] for c in waiting] == ["confirmed"] * 5 + ["waitlisted"] * 2
    session = (await client.get(f"/v1/events/{eid}")).json()["sessions"][0]
    assert (session["confirmed"], session["waiting"]) == (5, 2)
    for c in waiting[:5]:
        assert len(await inbox.wait_for("event.registration.promoted", 1, c["id"])) == 1

    # A waiting person leaves; the one behind moves up; cancelling twice is a conflict.
    leaver, last = waiting[5], waiting[6]
    r = await client.post(f"/v1/registrations/{leaver['id']}/cancel", json={"code": leaver["secret_code"]})
    assert r.status_code == 200
    left = await inbox.wait_for("event.registration.cancelled", 1, leaver["id"])
    assert left[0]["body"]["reason"] == "left_waitlist"
    assert (await client.get(f"/v1/registrations/{last['id']}", params={"code": last["secret_code"]})).json()["position"] == 1
    r = await client.post(f"/v1/registrations/{leaver['id']}/cancel", json={"code": leaver["secret_code"]})
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "already_cancelled"
    r = await client.get(f"/v1/registrations/{last['id']}", params={"code": "wrong"})
    assert r.status_code == 404


async def test_duplicates_adults_by_phone_children_by_name_and_birth_date(env):
    client, _, _, _ = env
    event = await make_event(client, capacity=20)
    sid, eid = event["sessions"][0]["id"], event["id"]
    first = await client.post(f"/v1/events/{eid}/registrations", json=person(900, sid))
    assert first.status_code == 201
    again = dict(person(900, sid), name="Başka İsim", phone="+90 (532) 100-09-00")
    r = await client.post(f"/v1/events/{eid}/registrations", json=again)
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "duplicate_participant"
    # After cancelling, the same person may register again.
    body = first.json()
    await client.post(f"/v1/registrations/{body['id']}/cancel", json={"code": body["secret_code"]})
    assert (await client.post(f"/v1/events/{eid}/registrations", json=again)).status_code == 201

    school = await make_event(client, capacity=20, type="sports_school_registration", organiser="Spor A.Ş.",
                              min_age=7, max_age=15, title_tr="Yaz Spor Okulu Kayıt Günü")
    ssid = school["sessions"][0]["id"]
    guardian = {"guardian_name": "Ayşe Yılmaz", "guardian_phone": "05321112233", "consent": {"kvkk_ack": True}}
    kids = [{"session_id": ssid, "name": "Ali Yılmaz", "birth_date": "2016-04-01", **guardian},
            {"session_id": ssid, "name": "Zeynep Yılmaz", "birth_date": "2018-09-12", **guardian}]
    for kid in kids:  # siblings share the guardian's phone
        r = await client.post(f"/v1/events/{school['id']}/registrations", json=kid)
        assert r.status_code == 201, r.text
    same_child = dict(kids[0], name="ALİ  YILMAZ", guardian_phone="0532 999 88 77")
    r = await client.post(f"/v1/events/{school['id']}/registrations", json=same_child)
    assert r.status_code == 409


async def test_eligibility_refusals_name_the_field_and_reason(env):
    client, _, _, _ = env
    school = await make_event(client, type="sports_school_registration", organiser="Spor A.Ş.", min_age=7, max_age=15)
    career = await make_event(client, type="career_day", roles=["job_seeker", "employer"])

    async def refusals(event, body) -> dict[str, str]:
        r = await client.post(f"/v1/events/{event['id']}/registrations",
                              json={"session_id": event["sessions"][0]["id"], **body})
        assert r.status_code == 422, r.text
        return {d["field"]: d["reason"] for d in r.json()["detail"]}

    ok = {"consent": {"kvkk_ack": True}}
    too_old = {"name": "Büyük Çocuk", "birth_date": "2000-01-01", "guardian_name": "Veli", "guardian_phone": "05321234567", **ok}
    assert await refusals(school, too_old) == {"birth_date": "age_out_of_range"}
    assert await refusals(school, {"name": "Çocuk", "phone": "05321234567", **ok}) == {
        "birth_date": "required", "guardian_name": "required"}
    bad_phone = {"name": "Çocuk", "birth_date": "2016-01-01", "guardian_name": "V", "guardian_phone": "123", **ok}
    assert await refusals(school, bad_phone) == {"guardian_phone": "invalid_phone"}
    assert await refusals(career, {"name": "Firma Temsilcisi", "phone": "05321234567", "role": "employer", **ok}) == {
        "company": "required", "openings": "required"}
    assert await refusals(career, {"name": "Öğrenci", "phone": "05321234567", "role": "intern", **ok}) == {
        "role": "role_not_allowed"}
    assert await refusals(career, {"name": "Ahmet", "phone": "05321234567", "role": "job_seeker"}) == {
        "consent.kvkk_ack": "consent_required"}
    r = await client.post(f"/v1/events/{career['id']}/registrations",
                          json={"session_id": career["sessions"][0]["id"], "name": "İşveren", "phone": "05321234567",
                                "role": "employer", "company": "Kayseri Mobilya", "openings": 3, **ok})
    assert r.status_code == 201


async def test_registration_needs_a_published_open_event(env):
    client, _, _, _ = env
    draft = await make_event(client, publish=False)
    body = person(1, draft["sessions"][0]["id"])
    assert (await client.post(f"/v1/events/{draft['id']}/registrations", json=body)).status_code == 404
    later = await make_event(client, registration_opens=in_days(2).isoformat())
    r = await client.post(f"/v1/events/{later['id']}/registrations", json=person(1, later["sessions"][0]["id"]))
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "registration_not_open_yet"
    r = await client.post("/v1/events", json={"type": "other", "title_tr": "x"}, headers=STAFF)
    assert r.status_code == 403
    r = await client.post(f"/v1/events/{draft['id']}/state", json={"state": "closed"}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "invalid_transition"


async def test_checkin_codes_work_once(env):
    client, _, _, app = env
    event = await make_event(client, capacity=1)
    sid = event["sessions"][0]["id"]
    seated = (await client.post(f"/v1/events/{event['id']}/registrations", json=person(700, sid))).json()
    waiting = (await client.post(f"/v1/events/{event['id']}/registrations", json=person(701, sid))).json()
    assert (await client.post("/v1/checkins", json={"code": seated["checkin_code"]})).status_code == 401
    r = await client.post("/v1/checkins", json={"code": seated["checkin_code"].lower()}, headers=STAFF)
    assert r.status_code == 200 and r.json()["registration_id"] == seated["id"]
    r = await client.post("/v1/checkins", json={"code": seated["checkin_code"]}, headers=STAFF)
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "already_checked_in"
    assert (await client.post("/v1/checkins", json={"code": "ZZZZZZ"}, headers=STAFF)).status_code == 404
    # A waiting person's code is not valid at the door.
    reg = await client.get(f"/v1/registrations/{waiting['id']}", params={"code": waiting["secret_code"]})
    assert reg.json()["checkin_code"] is None
    got = (await client.get(f"/v1/registrations/{seated['id']}", params={"code": seated["secret_code"]})).json()
    assert got["checked_in"] is True
    audit = await app.state.db["audit_log"].find_one({"target": seated["id"]})
    assert audit["key_id"] == "dev-staff" and audit["action"] == "check_in"


async def test_cancelling_an_event_cancels_every_registration_and_tells_each(env):
    client, inbox, _, _ = env
    event = await make_event(client, capacity=2)
    sid = event["sessions"][0]["id"]
    ids = [(await client.post(f"/v1/events/{event['id']}/registrations", json=person(800 + n, sid))).json()["id"]
           for n in range(4)]
    r = await client.post(f"/v1/events/{event['id']}/state", json={"state": "cancelled"}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    for rid in ids:
        msg = await inbox.wait_for("event.registration.cancelled", 1, rid)
        assert msg[0]["body"]["reason"] == "event_cancelled"
    assert not inbox.of("event.registration.promoted", ids[2])
    r = await client.post(f"/v1/events/{event['id']}/registrations", json=person(899, sid))
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "event_not_open"


async def test_visits_and_figures_per_day_event_and_type(env):
    client, _, clock, _ = env
    event = await make_event(client, capacity=2, type="career_day", roles=["job_seeker"])
    sid = event["sessions"][0]["id"]
    regs = [(await client.post(f"/v1/events/{event['id']}/registrations",
                               json=person(600 + n, sid, role="job_seeker"))).json() for n in range(3)]
    await client.post("/v1/checkins", json={"code": regs[0]["checkin_code"]}, headers=STAFF)

    assert (await client.post("/v1/visits", json={"count": 3})).status_code == 401
    assert (await client.post("/v1/visits", json={"count": 3}, headers={"X-API-Key": "dev-web"})).status_code == 403
    door = {"X-API-Key": "dev-walk_in", "Idempotency-Key": "door-1"}
    assert (await client.post("/v1/visits", json={"count": 12}, headers=door)).status_code == 201
    assert (await client.post("/v1/visits", json={"count": 12}, headers=door)).status_code == 200  # replay
    r = await client.post("/v1/visits", json={"count": 5, "event_id": event["id"]}, headers=STAFF)
    assert r.status_code == 201
    figures = (await client.get("/v1/visits", headers=STAFF)).json()
    assert figures["today"] >= 17 and figures["since_opening"] == 25_550 + figures["recorded"]
    assert figures["per_event"][event["id"]] == 5
    older = await client.post("/v1/visits", json={"count": 7, "at": (datetime.now(UTC) - timedelta(days=60)).isoformat()},
                              headers=STAFF)
    assert older.status_code == 201
    recent = (await client.get("/v1/visits", headers=STAFF)).json()
    longer = (await client.get("/v1/visits", params={"days": 90}, headers=STAFF)).json()
    assert sum(longer["per_day"].values()) == sum(recent["per_day"].values()) + 7
    assert (await client.get("/v1/visits", params={"days": 0}, headers=STAFF)).status_code == 422

    clock.offset = timedelta(days=5)  # after the session: the unchecked confirmed one is a no-show
    try:
        stats = (await client.get("/v1/stats", headers=STAFF)).json()
    finally:
        clock.offset = timedelta()
    row = stats["per_event"][event["id"]]
    assert (row["confirmed"], row["waitlisted"], row["checked_in"], row["no_shows"], row["registrations"]) == (2, 1, 1, 1, 3)
    assert stats["per_type"]["career_day"]["checked_in"] >= 1
    assert stats["visitors"]["total"] >= 25_567
    assert (await client.get("/v1/stats")).status_code == 401


async def test_public_pages_register_without_javascript(env):
    client, _, _, _ = env
    event = await make_event(client, capacity=1, title_tr="Aile Danışmanlığı Tanıtım Günü",
                             title_en="Family Counselling Open Day", type="counselling_promotion")
    page = await client.get("/etkinlikler")
    assert page.status_code == 200 and '<html lang="tr">' in page.text and "Aile Danışmanlığı" in page.text
    detail = await client.get(f"/etkinlikler/{event['id']}")
    assert '<label for="f-name">' in detail.text and 'method="post"' in detail.text
    english = await client.get(f"/etkinlikler/{event['id']}", params={"lang": "en"})
    assert '<html lang="en">' in english.text and "Family Counselling Open Day" in english.text
    form = {"session_id": event["sessions"][0]["id"], "name": "Fatma Demir", "phone": "0533 222 33 44",
            "kvkk_ack": "1", "lang": "tr"}
    refused = await client.post(f"/etkinlikler/{event['id']}/kayit", data={**form, "kvkk_ack": ""})
    assert refused.status_code == 422 and "KVKK" in refused.text and 'role="alert"' in refused.text
    done = await client.post(f"/etkinlikler/{event['id']}/kayit", data=form)
    assert done.status_code == 303
    result = await client.get(done.headers["location"])
    assert "Kaydınız onaylandı" in result.text and "Giriş kodunuz" in result.text
    again = await client.post(f"/etkinlikler/{event['id']}/kayit", data=form)
    assert again.status_code == 409 and "zaten kayıtlı" in again.text
    other = await client.post(f"/etkinlikler/{event['id']}/kayit", data={**form, "phone": "0533 222 33 45"})
    waiting = await client.get(other.headers["location"])
    assert "bekleme listesine" in waiting.text and "<strong>1</strong>" in waiting.text


async def test_a_retry_with_the_same_idempotency_key_gets_the_registration_back(env):
    client, _, _, _ = env
    event = await make_event(client, capacity=1)
    sid, eid = event["sessions"][0]["id"], event["id"]
    key = {"Idempotency-Key": "form-42"}
    first = await client.post(f"/v1/events/{eid}/registrations", json=person(950, sid), headers=key)
    retry = await client.post(f"/v1/events/{eid}/registrations", json=person(950, sid), headers=key)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["id"] == first.json()["id"] and retry.json()["checkin_code"] == first.json()["checkin_code"]
    # The new secret works (only hashes are stored, so a replay issues a fresh one).
    got = await client.get(f"/v1/registrations/{first.json()['id']}", params={"code": retry.json()["secret_code"]})
    assert got.status_code == 200
    other_key = await client.post(f"/v1/events/{eid}/registrations", json=person(950, sid),
                                  headers={"Idempotency-Key": "someone-else"})
    assert other_key.status_code == 409
    session = (await client.get(f"/v1/events/{eid}")).json()["sessions"][0]
    assert (session["confirmed"], session["waiting"]) == (1, 0)


async def test_admin_changes_an_event_but_cannot_remove_required_fields(env):
    client, _, _, _ = env
    event = await make_event(client)
    r = await client.patch(f"/v1/events/{event['id']}", json={"title_en": "Open Day 2", "max_age": 30}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["title_en"] == "Open Day 2" and r.json()["version"] == event["version"] + 1
    r = await client.patch(f"/v1/events/{event['id']}", json={"title_tr": None}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "title_tr"
    r = await client.patch(f"/v1/events/{event['id']}", json={"min_age": 20, "max_age": 10}, headers=ADMIN)
    assert r.status_code == 422
    sid = event["sessions"][0]["id"]
    r = await client.patch(f"/v1/events/{event['id']}/sessions/{sid}", json={"capacity": 3}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["capacity"] == 3
    assert (await client.patch(f"/v1/events/{event['id']}", json={"title_en": "x"})).status_code == 401


async def test_more_seats_promote_waiting_people_and_fewer_than_taken_is_refused(env):
    client, inbox, _, _ = env
    event = await make_event(client, capacity=1)
    sid, eid = event["sessions"][0]["id"], event["id"]
    regs = [(await client.post(f"/v1/events/{eid}/registrations", json=person(960 + n, sid))).json() for n in range(4)]
    r = await client.patch(f"/v1/events/{eid}/sessions/{sid}", json={"capacity": 3}, headers=ADMIN)
    assert r.status_code == 200 and (r.json()["confirmed"], r.json()["waiting"]) == (3, 1)
    for reg in regs[1:3]:
        assert len(await inbox.wait_for("event.registration.promoted", 1, reg["id"])) == 1
    r = await client.patch(f"/v1/events/{eid}/sessions/{sid}", json={"capacity": 2}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["detail"]["reason"] == "capacity_below_confirmed"


async def test_messages_left_unsent_by_a_crash_are_sent_by_the_relay_scan(env):
    client, inbox, _, app = env
    event = await make_event(client, capacity=1)
    sid, eid = event["sessions"][0]["id"], event["id"]
    ports = app.state.ports
    fast_path = ports.submit
    ports.submit = lambda doc: None  # as if the process died right after each write
    try:
        seated = (await client.post(f"/v1/events/{eid}/registrations", json=person(970, sid))).json()
        waiting = (await client.post(f"/v1/events/{eid}/registrations", json=person(971, sid))).json()
        await client.post(f"/v1/registrations/{seated['id']}/cancel", json={"code": seated["secret_code"]})
    finally:
        ports.submit = fast_path
    assert len(await inbox.wait_for("event.registration.confirmed", 1, seated["id"])) == 1
    assert len(await inbox.wait_for("event.registration.cancelled", 1, seated["id"])) == 1
    assert len(await inbox.wait_for("event.registration.waitlisted", 1, waiting["id"])) == 1
    assert len(await inbox.wait_for("event.registration.promoted", 1, waiting["id"])) == 1


async def test_a_promotion_cut_short_by_a_crash_gets_its_message_from_the_sweep(env):
    client, inbox, clock, app = env
    event = await make_event(client, capacity=1)
    sid, eid = event["sessions"][0]["id"], event["id"]
    ports = app.state.ports
    seated = (await client.post(f"/v1/events/{eid}/registrations", json=person(980, sid))).json()
    waiting = (await client.post(f"/v1/events/{eid}/registrations", json=person(981, sid))).json()
    await places.cancel(ports, seated["id"], None, clock(), promote_next=False)
    # The promotion's first step happens, then the process dies before writing the message.
    assert await ports.events.claim_seat_for_waiting(sid)
    flipped = await ports.registrations.promote_first(sid, clock().timestamp())
    assert flipped["_id"] == waiting["id"] and flipped["promotion_pending"] == 1
    assert await finish_promotions(ports, clock() + timedelta(seconds=30)) == 1
    assert await finish_promotions(ports, clock() + timedelta(seconds=30)) == 0
    assert len(await inbox.wait_for("event.registration.promoted", 1, waiting["id"])) == 1
    got = (await client.get(f"/v1/registrations/{waiting['id']}", params={"code": waiting["secret_code"]})).json()
    assert got["status"] == "confirmed"


async def test_sports_school_form_takes_typed_dates_and_explains_refusals_in_turkish(env):
    client, _, _, _ = env
    school = await make_event(client, type="sports_school_registration", organiser="Spor A.Ş.", min_age=7, max_age=15,
                              title_tr="Yaz Spor Okulu", title_en=None)
    page = await client.get(f"/etkinlikler/{school['id']}")
    assert '<label for="f-guardian_phone">' in page.text and 'type="date"' in page.text
    english = await client.get(f"/etkinlikler/{school['id']}", params={"lang": "en"})
    assert '<h1 lang="tr">Yaz Spor Okulu</h1>' in english.text  # no English title: marked as Turkish
    form = {"session_id": school["sessions"][0]["id"], "name": "Can Öztürk", "birth_date": "15.04.2016",
            "guardian_name": "Elif Öztürk", "guardian_phone": "0532 444 55 66", "kvkk_ack": "1"}
    bad = await client.post(f"/etkinlikler/{school['id']}/kayit", data={**form, "birth_date": "31.02.2016"})
    assert bad.status_code == 422 and "GG.AA.YYYY" in bad.text and 'href="#f-birth_date"' in bad.text
    old = await client.post(f"/etkinlikler/{school['id']}/kayit", data={**form, "birth_date": "01.01.2001"})
    assert old.status_code == 422 and "7–15 yaş" in old.text and 'value="Can Öztürk"' in old.text
    done = await client.post(f"/etkinlikler/{school['id']}/kayit", data=form)
    assert done.status_code == 303 and "/kayit/" in done.headers["location"]
