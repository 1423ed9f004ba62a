"""Intake's channel API in-process against the real broker and the Mongo stand-in: registration,
the stored message, idempotency, reading back, the citizen's look-up and the catalogue."""

import pytest

from tests.integration.test_intake_fixtures import ADMIN, CHANNEL, STAFF, Inbox, application, intake_app

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def intake(mongo_url):
    async with intake_app(mongo_url) as running:
        yield running


async def test_registers_and_publishes_request_registered(intake):
    client, app, url = intake
    async with Inbox(url, "request.registered") as inbox:
        r = await client.post("/v1/requests", json=application(), headers=CHANNEL)
        assert r.status_code == 201, r.text
        receipt = r.json()
        assert receipt["tracking_no"].startswith("153-20")
        assert receipt["status"] == "received"
        assert receipt["received_at"].endswith("+03:00")
        assert len(receipt["tracking_code"]) == 6
        assert r.headers["Location"] == f"/v1/requests/{receipt['tracking_no']}"
        [msg] = await inbox.wait_for("request.registered", 1)
    assert msg["tracking_no"] == receipt["tracking_no"]
    assert msg["channel"] == "web"
    assert msg["citizen"]["phone"] == "+905321234567"
    assert msg["location"]["district"] == "Talas"
    assert msg["attributes"] == {"kac_gundur": 2}
    assert inbox.messages[0].correlation_id == receipt["tracking_no"]
