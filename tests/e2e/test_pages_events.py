"""A person registers for an event on the public pages (WCAG 2.1 AA checked with axe-core) and is
checked in at the door by staff; the organiser sees the registration and the waiting list."""

import re
from datetime import datetime, timedelta

import pytest

from tests.support.browser import assert_accessible, new_page, shoot
from tests.support.pages_stack import api, sign_in, until

pytestmark = pytest.mark.e2e


def _event(events_url: str) -> tuple[str, str]:
    day = (datetime.now() + timedelta(days=10)).strftime("%Y-%m-%d")
    with api(events_url, "dev-admin") as admin:
        created = admin.post("/v1/events", json={
            "type": "career_day", "organiser": "halkla-iliskiler", "title_tr": "Kariyer Günü",
            "title_en": "Career Day", "description_tr": "İşverenler, iş arayanlar ve stajyerler buluşuyor.",
            "roles": ["job_seeker", "employer", "intern"],
            "sessions": [{"start": f"{day}T10:00", "end": f"{day}T17:00", "capacity": 1}]})
        assert created.status_code == 201, created.text
        event = created.json()
        assert admin.post(f"/v1/events/{event['id']}/state", json={"state": "published"}).status_code == 200
    return event["id"], event["sessions"][0]["id"]


def test_register_on_the_public_pages_then_check_in_at_the_door(page_stack, browser):
    base = page_stack.events.base_url
    event_id, session_id = _event(base)
    person = new_page(browser)
    person.goto(f"{base}/etkinlikler")
    assert person.locator(f"a[href='/etkinlikler/{event_id}']").count() == 1
    assert_accessible(person)
    shoot(person, "events-list")
    person.click(f"a[href='/etkinlikler/{event_id}']")
    assert_accessible(person)
    person.fill("#f-name", "Mehmet Demir")
    person.fill("#f-phone", "0533 222 33 44")
    person.select_option("#f-role", "job_seeker")
    person.check("#f-consent-kvkk_ack")
    shoot(person, "events-registration-form")
    person.click("form[action$='/kayit'] button[type=submit]")
    person.wait_for_url(re.compile(r".*/kayit/[^/?]+\?kod=.+"))
    code = person.inner_text(".code").strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    assert_accessible(person)
    shoot(person, "events-registration-result")

    # The session had one seat: the next person waits.
    with api(base, "dev-admin") as client:
        waiting = client.post(f"/v1/events/{event_id}/registrations", json={
            "session_id": session_id, "name": "Zeynep Kaya", "phone": "0534 555 66 77", "role": "intern",
            "consent": {"kvkk_ack": True}})
        assert waiting.json()["status"] == "waitlisted"

    # A registration form with a missing consent is refused, accessibly.
    other = new_page(browser)
    other.goto(f"{base}/etkinlikler/{event_id}")
    other.fill("#f-name", "Ali Veli")
    other.fill("#f-phone", "0535 999 88 77")
    other.select_option("#f-role", "intern")
    other.evaluate("document.querySelector('#f-consent-kvkk_ack').removeAttribute('required')")
    other.click("form[action$='/kayit'] button[type=submit]")
    assert other.locator("#errors[role=alert]").count() == 1
    assert_accessible(other)

    # An admin creates a staff key for the person at the door on intake's keys page (intake owns the
    # keys and announces them; events hears of it).
    intake = page_stack.intake.base_url
    keys = new_page(browser)
    sign_in(keys, intake, "dev-admin", "/ops/anahtarlar")
    keys.select_option("#role", "staff")
    keys.fill("#label", "Kapı görevlisi")
    keys.click("form[action='/ops/anahtarlar'] button[type=submit]")
    secret = keys.inner_text("#secret").strip()
    key_id = keys.inner_text("#created strong").strip()
    assert secret.startswith("irt_") and keys.locator(f"#keys tr[data-key='{key_id}']").count() == 1
    assert_accessible(keys)
    shoot(keys, "staff-keys")
    with api(base, secret) as staff_api:
        until(lambda: staff_api.get("/v1/stats").status_code == 200, 30, 0.3, "the new key known to events")

    # Staff at the door: a sign-in, the code, once.
    door = new_page(browser, "tablet")
    door.goto(f"{base}/gorevli/giris-kontrol")
    assert door.locator("#key").count() == 1
    sign_in(door, base, secret, "/gorevli/giris-kontrol")
    door.fill("#code", code.lower())
    door.click("form[action='/gorevli/giris-kontrol'] button[type=submit]")
    assert "Mehmet Demir" in door.inner_text("#checkin-result")
    assert_accessible(door)
    shoot(door, "events-checkin")
    door.fill("#code", code)
    door.click("form[action='/gorevli/giris-kontrol'] button[type=submit]")
    assert door.locator("#checkin-error").count() == 1 and "zaten" in door.inner_text("#checkin-error")

    # The organiser's view: the participant checked in, the waiting list in order.
    door.goto(f"{base}/gorevli/etkinlikler/{event_id}")
    row = door.locator("table.registrations tr[data-registration]")
    assert row.count() == 1 and "Mehmet Demir" in row.inner_text() and "✔" in row.inner_text()
    waitlist = door.locator("table.waitlist tr[data-registration]")
    assert waitlist.count() == 1 and "Zeynep Kaya" in waitlist.inner_text()
    assert_accessible(door)
    shoot(door, "events-organiser")
    door.goto(f"{base}/gorevli/etkinlikler/{event_id}?lang=en")
    assert "Career Day" in door.inner_text("h1") and "Waiting list" in door.inner_text("main")
    person.reload()
    assert "Girişiniz yapıldı" in person.inner_text("main")

    # A department key is not staff: the staff pages ask for another key.
    clerk = new_page(browser)
    sign_in(clerk, base, "dev-dept-spor", "/gorevli/giris-kontrol")
    assert clerk.locator("#code").count() == 0 and clerk.locator("#key").count() == 1
    # The key is revoked when the person leaves: intake refuses it at once.
    keys.click(f"form[action='/ops/anahtarlar/{key_id}/iptal'] button")
    assert "iptal" in keys.inner_text(f"#keys tr[data-key='{key_id}']")
    refused = new_page(browser)
    refused.goto(f"{intake}/giris?next=/masa")
    refused.fill("#key", secret)
    refused.click("form[action='/giris'] button[type=submit]")
    assert "tanınmadı" in refused.inner_text("main")
    for page in (person, other, door, clerk, keys, refused):
        page.context.close()
