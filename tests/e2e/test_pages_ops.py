"""The ops board (admin key), composed from each service's public API: figures, overdue cases,
queues (or "unavailable" without the management API), dead letters, visitors, a trace link."""

import socket

import pytest

from tests.support.browser import assert_accessible, new_page, shoot
from tests.support.pages_stack import api, sign_in, until

pytestmark = pytest.mark.e2e


def _management_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 15672)) == 0


def test_ops_board_composes_every_service(page_stack, browser):
    intake = page_stack.intake.base_url
    with api(intake, "dev-web") as web:
        receipt = web.post("/v1/requests", json={"kind": "request", "text": "Parktaki bank kırık.",
                                                  "location": {"district": "Melikgazi"}}).json()
    with api(page_stack.events.base_url, "dev-staff") as events:
        assert events.post("/v1/visits", json={"count": 7}).status_code == 201
    with api(page_stack.routing.base_url, "dev-staff") as routing:
        until(lambda: routing.get(f"/v1/cases/{receipt['tracking_no']}").status_code == 200, 30, 0.3, "routed")
        stats = routing.get("/v1/stats").json()
        assert stats["open"] >= 1 and sum(d["open"] for d in stats["by_department"].values()) == stats["open"]

    with api(intake, "dev-admin") as admin, api(intake, "dev-phone") as channel:
        figures = admin.get("/v1/stats").json()
        assert figures["applications"]["total"] >= 1 and figures["by_channel"]["total"]["web"] >= 1
        assert channel.get("/v1/stats").status_code == 403
        assert admin.post("/v1/staff/requests/search", json={"phone": "12345"}).status_code == 422
        assert channel.post("/v1/staff/requests/search", json={"phone": "0532 123 45 67"}).status_code == 403

    board = new_page(browser)
    board.goto(f"{intake}/ops")
    assert board.locator("#key").count() == 1
    sign_in(board, intake, "dev-phone", "/ops")  # a channel key: signed in, but not for this page
    assert board.locator("#key").count() == 1 and "açamaz" in board.inner_text("main")
    sign_in(board, intake, "dev-admin", "/ops")
    assert int(board.inner_text("#applications-today")) >= 1
    assert int(board.inner_text("#applications-total")) >= int(board.inner_text("#applications-today"))
    assert board.locator("#channels tr[data-channel='web']").count() == 1
    assert int(board.inner_text("#visitors-today")) >= 7
    assert int(board.inner_text("#visitors-total")) >= int(board.inner_text("#visitors-today"))
    assert board.inner_text("#overdue-total").strip().isdigit()
    services = board.locator("#dead-letters tr[data-service]")
    assert services.count() == 4
    # Notify is not started here: its dead letters are "unavailable", the rest still shows.
    assert "kullanılamıyor" in board.inner_text("#dead-letters tr[data-service='notify']")
    assert "kullanılamıyor" not in board.inner_text("#dead-letters tr[data-service='routing']")
    if _management_up():
        assert board.locator("#queues tr[data-queue='routing.request-registered']").count() == 1
    else:
        assert "kullanılamıyor" in board.inner_text("#queues-unavailable")
    board.fill("#iz", receipt["tracking_no"])
    board.click("form[action='/ops'] button[type=submit]")
    link = board.locator("#trace a")
    assert link.get_attribute("href") == f"http://jaeger.test:16686/trace/{receipt['trace_id']}"
    assert_accessible(board)
    shoot(board, "ops-board")
    board.goto(f"{intake}/ops?lang=en")
    assert board.inner_text("h1") == "Operations board" and "Dead letters" in board.inner_text("main")
    board.context.close()
