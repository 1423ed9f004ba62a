"""An agent registers an application at the desk console; it appears in the right department's
inbox; the clerk resolves it; the citizen's tracking page shows it resolved (headless Chromium)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from pymongo import MongoClient

from tests.support.browser import assert_accessible, new_page, shoot
from tests.support.pages_stack import api, sign_in, until

pytestmark = pytest.mark.e2e
PHONE = "0532 123 45 67"


def test_desk_inbox_resolution_and_citizen_tracking(page_stack, browser):
    intake, routing = page_stack.intake.base_url, page_stack.routing.base_url

    # The agent at Alo 153 (a phone channel key) registers while the citizen talks.
    desk = new_page(browser)
    sign_in(desk, intake, "dev-phone", "/masa")
    desk.select_option("#f-kind", "complaint")
    desk.fill("#f-text", "Mevlana Mahallesinde iki gündür su yok, bütün bina susuz.")
    desk.fill("#f-service_code", "su-kesintisi")
    desk.dispatch_event("#f-service_code", "input")
    desk.fill("#f-attr-kac_gundur", "2")
    desk.select_option("#f-district", "Talas")
    desk.fill("#f-neighbourhood", "Mevlana")
    desk.fill("#f-name", "Ayşe Yılmaz")
    desk.fill("#f-phone", PHONE)
    for consent in ("#f-kvkk_ack", "#f-notify_sms", "#f-department_contact"):
        desk.check(consent)
    # Routing's suggestion, as the agent types (routing's /v1/classify through the page's key).
    suggested = desk.wait_for_selector("#suggested[data-department]")
    assert suggested.get_attribute("data-department") == "kaski"
    assert "KASKİ" in suggested.inner_text()
    assert_accessible(desk)
    shoot(desk, "desk-console")
    desk.click("#desk-form button[type=submit]")
    desk.wait_for_url(re.compile(r".*/masa/basvuru/153-\d{4}-\d{6}\?yeni=1$"))
    tracking_no = desk.inner_text("#tracking-no").strip()
    assert re.fullmatch(r"153-\d{4}-\d{6}", tracking_no)
    assert re.fullmatch(r"[A-Z0-9]{6}", desk.inner_text("#tracking-code").strip())
    assert desk.locator("#timeline li").count() >= 1
    assert_accessible(desk)
    shoot(desk, "desk-receipt")
    desk.emulate_media(media="print")  # the receipt prints alone: no menu, buttons or history
    assert desk.is_visible("#tracking-code") and desk.is_visible("#receipt-title")
    assert not desk.is_visible("header.top") and not desk.is_visible("#timeline") and not desk.is_visible("#print")
    desk.emulate_media(media="screen")

    # A form with a broken field is refused with the field named, and nothing is lost.
    desk.goto(f"{intake}/masa")
    desk.fill("#f-text", "Otobüs durağının camı kırık.")
    desk.fill("#f-phone", "12")
    desk.click("#desk-form button[type=submit]")
    assert desk.locator("#errors a[href='#f-phone']").count() == 1
    assert desk.input_value("#f-text") == "Otobüs durağının camı kırık."

    # Two more for KASKİ through the channel API: the same complaint again (a duplicate), and one
    # whose deadline the test moves into the past in routing's own database.
    with api(intake, "dev-web") as web:
        again = web.post("/v1/requests", json={
            "kind": "complaint", "text": "Mevlana Mahallesinde iki gündür su yok, bütün bina susuz.",
            "service_code": "su-kesintisi", "attributes": {"kac_gundur": 2},
            "location": {"district": "Talas", "neighbourhood": "Mevlana"}}).json()["tracking_no"]
        late = web.post("/v1/requests", json={
            "kind": "request", "text": "Sayaç vanası patladı, sokağa su akıyor.", "service_code": "su-kesintisi",
            "attributes": {"kac_gundur": 1}, "location": {"district": "Kocasinan"}}).json()["tracking_no"]
    with api(routing, "dev-staff") as staff_api:
        until(lambda: staff_api.get(f"/v1/cases/{late}").status_code == 200, 30, 0.3, "the late case routed")
        duplicate = until(lambda: (c := staff_api.get(f"/v1/cases/{again}")).status_code == 200 and c.json(),
                          30, 0.3, "the duplicate routed")
    assert duplicate["status"] == "duplicate" and duplicate["master_tracking_no"] == tracking_no
    with MongoClient(page_stack.mongo_url) as mongo:
        mongo["pages_routing"]["cases"].update_one(
            {"_id": late}, {"$set": {"due_at": datetime.now(UTC) - timedelta(hours=2)}})

    # The clerk of KASKİ sees them in the inbox (another department does not): overdue first, the
    # duplicate under its master; the clerk resolves the complaint.
    clerk = new_page(browser, "tablet")
    sign_in(clerk, routing, "dev-dept-kaski", "/gelen-kutusu")

    def listed():
        clerk.reload()
        return clerk.locator(f"tr[data-tracking-no='{tracking_no}']").count() == 1

    until(listed, 30, 0.5, "the case in KASKİ's inbox")
    rows = clerk.locator("#cases tbody tr")
    assert rows.first.get_attribute("data-tracking-no") == late and "SÜRESİ GEÇTİ" in rows.first.inner_text()
    master = clerk.locator(f"tr[data-tracking-no='{tracking_no}']")
    assert "geçti" not in master.inner_text() and master.locator(f"details a[href='/gelen-kutusu/{again}']").count()
    assert clerk.locator(f"tr[data-tracking-no='{again}']").count() == 0
    assert_accessible(clerk)
    shoot(clerk, "department-inbox")
    clerk.click(f"a[href='/gelen-kutusu/{tracking_no}']")
    for step in ("acknowledged", "in_progress"):
        clerk.click(f"form[data-action='{step}'] button[type=submit]")
        clerk.wait_for_selector(f"#status[data-status='{step}']")
    clerk.fill("#note-resolved", "Arıza giderildi, su verildi.")
    assert_accessible(clerk)
    shoot(clerk, "department-case")
    clerk.click("form[data-action='resolved'] button[type=submit]")
    clerk.wait_for_selector("#status[data-status='resolved']")
    assert clerk.locator("form[data-action]").count() == 0
    # The overdue one is not KASKİ's after all: the clerk reassigns it and it leaves the inbox.
    clerk.goto(f"{routing}/gelen-kutusu/{late}")
    clerk.click("details summary")
    clerk.select_option("#department-reassigned", "fen-isleri")
    clerk.fill("#note-reassigned", "Yol altındaki hat, Fen İşleri'ne iletildi.")
    clerk.click("form[data-action='reassigned'] button[type=submit]")
    clerk.wait_for_url(re.compile(r".*/gelen-kutusu\?ok=reassigned$"))
    assert clerk.locator(f"tr[data-tracking-no='{late}']").count() == 0
    other = new_page(browser)
    sign_in(other, routing, "dev-dept-cevre", "/gelen-kutusu")
    assert other.locator(f"tr[data-tracking-no='{tracking_no}']").count() == 0
    other.goto(f"{routing}/gelen-kutusu/{tracking_no}")
    assert other.locator("#status").count() == 0 and "başka bir birime" in other.inner_text("main")

    # Intake hears of it (case events); then the citizen looks it up with the last four digits.
    with api(intake, "dev-phone") as client:
        until(lambda: client.get(f"/v1/requests/{tracking_no}").json().get("status") == "resolved", 30, 0.3,
              "intake's status resolved")
    citizen = new_page(browser)
    citizen.goto(f"{intake}/takip")
    assert_accessible(citizen)
    shoot(citizen, "citizen-tracking-form")
    citizen.fill("#tracking_no", tracking_no)
    citizen.fill("#last4", "4566")
    citizen.click("form[action='/takip'] button[type=submit]")
    assert citizen.locator("#errors").count() == 1 and citizen.locator("#status").count() == 0
    citizen.fill("#last4", "4567")
    citizen.click("form[action='/takip'] button[type=submit]")
    status = citizen.wait_for_selector("#status[data-status='resolved']")
    assert status.inner_text() == "Çözüldü"
    page_text = citizen.inner_text("main")
    assert "Arıza giderildi" in page_text and "Ayşe" not in page_text and "532" not in page_text
    assert [s.get_attribute("data-status") for s in citizen.locator("#timeline li").element_handles()][-1] == "resolved"
    assert_accessible(citizen)
    shoot(citizen, "citizen-tracking-result")
    citizen.click("a[hreflang='en']")
    assert citizen.locator("html[lang='en']").count() == 1

    # Staff find the citizen's applications by phone (audited); a channel key may not.
    staff = new_page(browser)
    sign_in(staff, intake, "dev-staff", "/masa")
    staff.fill("#q", PHONE)
    staff.click("form[action='/masa/ara'] button[type=submit]")
    assert staff.locator(f"#results a[href='/masa/basvuru/{tracking_no}']").count() == 1
    desk.goto(f"{intake}/masa")
    desk.fill("#q", PHONE)
    desk.click("form[action='/masa/ara'] button[type=submit]")
    assert desk.locator("#results").count() == 0
    # Every staff page has its English version too.
    desk.goto(f"{intake}/masa?lang=en")
    assert desk.inner_text("h1") == "Desk console" and desk.locator("html[lang='en']").count() == 1
    desk.goto(f"{intake}/masa/basvuru/{tracking_no}")
    assert "Application receipt" in desk.inner_text("h1") and "Resolved" in desk.inner_text("#status")
    clerk.goto(f"{routing}/gelen-kutusu/{tracking_no}?lang=en")
    assert "History" in clerk.inner_text("main") and clerk.inner_text("#status") == "Resolved"
    for page in (desk, clerk, other, citizen, staff):
        page.context.close()
