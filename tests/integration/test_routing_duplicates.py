"""Duplicate linking: the same service within ~150 m, or nearly the same text in the same
neighbourhood, links to the open master; every linked citizen hears when the master resolves."""

import pytest

from tests.integration.test_routing_helpers import (
    Watch, eventually, load_catalogue, publish, registered, routing,
)

pytestmark = pytest.mark.integration
KASKI, STAFF = {"X-API-Key": "dev-dept-kaski"}, {"X-API-Key": "dev-staff"}
# Two points ~80 m apart in Melikgazi, and one ~600 m away.
HERE = {"district": "Melikgazi", "neighbourhood": "Gültepe", "lat": 38.72050, "lon": 35.48260}
NEAR = {"district": "Melikgazi", "neighbourhood": "Gültepe", "lat": 38.72100, "lon": 35.48320}
FAR = {"district": "Melikgazi", "neighbourhood": "Gültepe", "lat": 38.72600, "lon": 35.48260}


@pytest.fixture(scope="module")
async def service(rabbit_url, mongo_url):
    async with routing(rabbit_url, mongo_url, "routing_duplicates") as (app, client):
        await load_catalogue(rabbit_url, app)
        yield app, client



async def _send(rabbit_url, watch, text, *, first_event="case.routed", **fields):
    request = registered(text, **fields)
    await publish(rabbit_url, request)
    event = (await watch.wait_for("events", request.tracking_no, first_event))[0]
    return request.tracking_no, event


async def _move(client, tn, to, headers=KASKI, **body):
    response = await client.post(f"/v1/cases/{tn}/transitions", headers=headers, json={"to": to, **body})
    assert response.status_code == 200, response.text
    return response.json()


async def test_same_service_nearby_links_and_master_resolution_reaches_every_citizen(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        master, _ = await _send(rabbit_url, watch, "sokakta su borusu patladı", service_code="su-ariza", location=HERE)
        await watch.wait_for("dept.kaski", master)
        linked, change = await _send(rabbit_url, watch, "yolda su akıyor saatlerdir", service_code="su-ariza",
                                     location=NEAR, first_event="case.status_changed")
        other, _ = await _send(rabbit_url, watch, "su kesik", service_code="su-ariza", location=FAR)
        assert change["body"]["status"] == "duplicate" and change["body"]["master_tracking_no"] == master
        assert change["body"]["department"] == "kaski" and master in change["body"]["public_note"]
        assert await watch.messages("events", linked, "case.routed") == []
        await watch.wait_for("dept.kaski", other)  # far away: new work
        master_case = (await client.get(f"/v1/cases/{master}", headers=KASKI)).json()
        assert master_case["duplicates_count"] == 1
        # The department sees how many reported it when the work item comes again.
        await _move(client, master, "reassigned", department="fen-isleri")
        again = await watch.wait_for("dept.fen-isleri", master)
        assert again[0]["body"]["duplicates_count"] == 1
        fen = {"X-API-Key": "dev-dept-fen-isleri"}
        for to in ("acknowledged", "in_progress"):
            await _move(client, master, to, headers=fen)
        await _move(client, master, "resolved", headers=fen, note="boru değiştirildi")
        resolved = await watch.wait_for("events", linked, "case.status_changed", count=2)
    follow = resolved[-1]["body"]
    assert follow["status"] == "resolved" and follow["case_version"] == 2 and follow["master_tracking_no"] == master
    assert "boru değiştirildi" in follow["public_note"]
    linked_case = await eventually(lambda: _case_in(client, linked, "resolved"))
    assert linked_case["case_version"] == 2


async def _case_in(client, tn, status):
    case = (await client.get(f"/v1/cases/{tn}", headers=STAFF)).json()
    return case if case["status"] == status else None


async def test_nearly_the_same_text_in_the_same_neighbourhood_links(service, rabbit_url):
    place = {"district": "Talas", "neighbourhood": "Mevlana"}
    async with Watch(rabbit_url) as watch:
        master, _ = await _send(rabbit_url, watch, "Mevlana mahallesi parktaki çöp konteynerleri günlerdir boşaltılmadı",
                                location=place)
        linked, change = await _send(rabbit_url, watch, "MEVLANA MAHALLESI PARKTAKI COP KONTEYNERLERI GUNLERDIR "
                                     "BOSALTILMADI!!", location=place, first_event="case.status_changed")
        elsewhere, _ = await _send(rabbit_url, watch, "Mevlana mahallesi parktaki çöp konteynerleri günlerdir "
                                   "boşaltılmadı", location={"district": "Talas", "neighbourhood": "Harman"})
        different, _ = await _send(rabbit_url, watch, "Mevlana mahallesinde otobüs durağı kırık", location=place)
    assert change["body"]["master_tracking_no"] == master
    assert elsewhere != master and different != master  # both opened their own case


async def test_urgent_reports_are_never_linked(service, rabbit_url):
    async with Watch(rabbit_url) as watch:
        first, _ = await _send(rabbit_url, watch, "binada gaz kokusu var gaz kokuyor", service_code="su-ariza",
                               location=HERE)
        second, routed = await _send(rabbit_url, watch, "binada gaz kokusu var gaz kokuyor", service_code="su-ariza",
                                     location=HERE)
    assert routed["body"]["urgent"] is True


async def test_a_department_links_a_case_by_hand_and_closed_masters_take_no_links(service, rabbit_url):
    app, client = service
    far_away = {"district": "Develi", "neighbourhood": "Merkez", "lat": 38.38, "lon": 35.49}
    async with Watch(rabbit_url) as watch:
        master, _ = await _send(rabbit_url, watch, "vanada kaçak var", service_code="su-ariza", location=far_away)
        other, _ = await _send(rabbit_url, watch, "su sayacı kırık", service_code="su-ariza",
                               location={"district": "Develi", "lat": 38.50, "lon": 35.49})
        bad = await client.post(f"/v1/cases/{other}/transitions", headers=KASKI,
                                json={"to": "duplicate", "master_tracking_no": "153-2026-000000002"})
        assert bad.status_code == 422
        linked = await _move(client, other, "duplicate", master_tracking_no=master, note="aynı arıza")
        assert linked["status"] == "duplicate" and linked["master_tracking_no"] == master
        assert (await client.get(f"/v1/cases/{master}", headers=KASKI)).json()["duplicates_count"] == 1
        await _move(client, master, "rejected", note="özel mülk")
        closed = await watch.wait_for("events", other, "case.status_changed", count=2)
        assert closed[-1]["body"]["status"] == "rejected"
        after, _ = await _send(rabbit_url, watch, "vanada kaçak var", service_code="su-ariza", location=far_away)
    assert after != master  # the master is closed: a new case
    assert (await app.state.runtime.db["cases"].find_one({"_id": after}))["status"] == "routed"
