"""Every decision path through real RabbitMQ and the Mongo stand-in: service code, district
override, keyword rule, classifier, triage and the urgent copy; redelivery emits nothing twice."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.contracts.intake import CatalogueChanged
from tests.integration.test_routing_helpers import (
    Watch, eventually, fresh_version, publish, publish_catalogue, registered, routing,
)

pytestmark = pytest.mark.integration
ADMIN = {"X-API-Key": "dev-admin"}


@pytest.fixture(scope="module")
async def service(rabbit_url, mongo_url):
    async with routing(rabbit_url, mongo_url, "routing_decisions") as (app, client):
        ctx = app.state.routing
        version = fresh_version()
        await publish_catalogue(rabbit_url, version=version + 1)
        # An older snapshot arriving late is ignored (the same services, so a leftover in the shared
        # vhost could not change another module's routing).
        await publish_catalogue(rabbit_url, version=version)
        await eventually(lambda: _catalogue_version(ctx, version + 1))
        stale = CatalogueChanged(version=version, services=[], changed_at=datetime.now(UTC))
        assert await ctx.config.apply_catalogue(stale) is False
        assert (await ctx.config.catalogue()).services["cop-toplama"].department == "cevre"
        yield app, client


async def _catalogue_version(ctx, version):
    return (await ctx.config.catalogue()).version >= version


async def _route(rabbit_url, watch, text, **fields):
    request = registered(text, **fields)
    await publish(rabbit_url, request)
    routed = (await watch.wait_for("events", request.tracking_no, "case.routed"))[0]
    return request, routed


async def test_service_code_decides_with_its_catalogue_sla(service, rabbit_url):
    _, client = service
    async with Watch(rabbit_url) as watch:
        request, routed = await _route(rabbit_url, watch, "evin önündeki konteyner taştı", service_code="cop-toplama")
        item = (await watch.wait_for("dept.cevre", request.tracking_no))[0]
    assert routed["body"]["path"] == "code" and routed["body"]["department"] == "cevre"
    assert routed["correlation_id"] == request.tracking_no
    assert item["type"] == "case.work_item" and item["body"]["reason"] == "new"
    assert item["routing_key"] == "cevre" and item["body"]["case_version"] == 1
    case = (await client.get(f"/v1/cases/{request.tracking_no}", headers={"X-API-Key": "dev-dept-cevre"})).json()
    assert case["sla"] == {"amount": 3, "unit": "calendar_days", "source": "catalogue"}
    due = datetime.fromisoformat(case["due_at"])
    # Stored with millisecond precision.
    assert abs(due - (request.registered_at + timedelta(days=3))) < timedelta(milliseconds=1)
    assert due.utcoffset() == timedelta(hours=3)


async def test_rules_from_the_admin_api_keyword_and_district_override(service, rabbit_url):
    _, client = service
    created = await client.post("/v1/admin/rules", headers=ADMIN, json={
        "department": "fen-isleri", "keywords": ["kar", "buzlanma"], "description": "winter roads"})
    assert created.status_code == 201, created.text
    override = await client.post("/v1/admin/rules", headers=ADMIN, json={
        "department": "zabita", "service_code": "cop-toplama", "district": "Talas", "priority": 10})
    assert override.status_code == 201
    assert (await client.post("/v1/admin/rules", headers=ADMIN, json={"department": "kaski"})).status_code == 422
    assert (await client.post("/v1/admin/rules", headers={"X-API-Key": "dev-staff"},
                              json={"department": "kaski", "keywords": ["x"]})).status_code == 403
    listed = (await client.get("/v1/admin/rules", headers=ADMIN)).json()
    assert [r["id"] for r in listed][:1] == [override.json()["id"]]  # lower priority first
    async with Watch(rabbit_url) as watch:
        snow, snow_routed = await _route(rabbit_url, watch, "KARDAN yol kapandı, otobüs geçemiyor")
        talas, talas_routed = await _route(rabbit_url, watch, "çöp alınmadı", service_code="cop-toplama",
                                           location={"district": "Talas"})
        await watch.wait_for("dept.fen-isleri", snow.tracking_no)
        await watch.wait_for("dept.zabita", talas.tracking_no)
    assert snow_routed["body"]["path"] == "rule" and snow_routed["body"]["department"] == "fen-isleri"
    assert talas_routed["body"]["path"] == "rule" and talas_routed["body"]["department"] == "zabita"
    rule_id = created.json()["id"]
    assert (await client.delete(f"/v1/admin/rules/{rule_id}", headers=ADMIN)).status_code == 204
    assert (await client.get(f"/v1/admin/rules/{rule_id}", headers=ADMIN)).status_code == 404


async def test_classifier_and_triage(service, rabbit_url):
    async with Watch(rabbit_url) as watch:
        bus, bus_routed = await _route(rabbit_url, watch, "otobus 40 dakikadir gelmedi")
        vague, vague_routed = await _route(rabbit_url, watch, "merhaba bir konuda bilgi almak istiyorum")
        await watch.wait_for("dept.ulasim", bus.tracking_no)
        item = (await watch.wait_for("dept.triage", vague.tracking_no))[0]
    assert bus_routed["body"]["path"] == "classifier" and bus_routed["body"]["confidence"] == 0.9
    assert vague_routed["body"]["path"] == "triage" and vague_routed["body"]["department"] == "triage"
    assert item["body"]["department"] == "triage"


async def test_emergency_goes_to_department_and_supervisor_with_112_note(service, rabbit_url):
    async with Watch(rabbit_url) as watch:
        request, routed = await _route(rabbit_url, watch, "apartmanda gaz kokuyor, çok korkuyoruz")
        dept = (await watch.wait_for("dept.itfaiye", request.tracking_no))[0]
        supervisor = (await watch.wait_for("dept.triage", request.tracking_no))[0]
    assert routed["body"]["urgent"] is True and "112" in routed["body"]["public_note"]
    assert dept["body"]["priority"] == "urgent" and supervisor["body"]["priority"] == "urgent"
    assert supervisor["body"]["department"] == "itfaiye"


async def test_redelivered_application_is_routed_once(service, rabbit_url):
    _, client = service
    request = registered("çöp konteyneri yanmış", service_code="cop-toplama")
    marker = registered("yol çöktü", service_code="yol-bakim")
    async with Watch(rabbit_url) as watch:
        await publish(rabbit_url, request)
        await watch.wait_for("events", request.tracking_no, "case.routed")
        await publish(rabbit_url, request)  # a redelivery: a new message id, the same application
        await publish(rabbit_url, marker)   # consumed after the redelivery
        await watch.wait_for("dept.fen-isleri", marker.tracking_no)
        await watch.wait_for("events", marker.tracking_no, "case.routed")
        assert len(await watch.messages("events", request.tracking_no, "case.routed")) == 1
        assert len(await watch.messages("dept.cevre", request.tracking_no)) == 1
    case = (await client.get(f"/v1/cases/{request.tracking_no}", headers=ADMIN)).json()
    assert case["case_version"] == 1 and len(case["history"]) == 1
