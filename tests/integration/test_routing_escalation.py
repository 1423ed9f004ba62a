"""SLA escalation with two routing copies on one database: each breach fires exactly once
(case.escalated + a work item on the supervisor's queue), then no more."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_routing_helpers import (
    Watch, eventually, load_catalogue, publish, registered, routing,
)

pytestmark = pytest.mark.integration
DATABASE = "routing_escalation"


async def _all_escalated(cases, tns):
    docs = await cases.find({"_id": {"$in": tns}}).to_list()
    return len(docs) == len(tns) and all(d.get("escalation_level") == 1 for d in docs)


async def test_escalation_fires_once_under_two_copies(rabbit_url, mongo_url):
    fast = dict(sla_scan_interval_s=0.05)
    async with routing(rabbit_url, mongo_url, DATABASE, **fast) as (one, client), \
            routing(rabbit_url, mongo_url, DATABASE, **fast) as (two, _):
        await load_catalogue(rabbit_url, one)
        cases = one.state.runtime.db["cases"]
        async with Watch(rabbit_url) as watch:
            requests = [registered(f"su borusu patladı {i}", service_code="su-ariza") for i in range(6)]
            for request in requests:
                await publish(rabbit_url, request)
            tns = [r.tracking_no for r in requests]
            for tn in tns:
                await watch.wait_for("dept.kaski", tn)
            # A tiny SLA: every case is due now (the catalogue's smallest unit is an hour).
            past = datetime.now(UTC) - timedelta(seconds=1)
            for tn in tns:
                doc = await cases.find_one({"_id": tn})
                doc.update(due_at=past, escalate_at=past, escalate_ts=past.timestamp())
                await cases.replace_one({"_id": tn}, doc)
            await eventually(lambda: _all_escalated(cases, tns))
            # Both copies scan again with a clock far ahead: the breach is claimed, nothing fires twice.
            later = datetime.now(UTC) + timedelta(minutes=5)
            assert await one.state.routing.escalator.run_once(later) == 0
            assert await two.state.routing.escalator.run_once(later) == 0
            for tn in tns:
                escalated = await watch.wait_for("events", tn, "case.escalated")
                item = await watch.wait_for("dept.triage", tn)
                assert escalated[0]["body"]["level"] == 1 and escalated[0]["body"]["escalated_to"] == "triage"
                assert item[0]["body"]["reason"] == "escalated" and item[0]["body"]["priority"] == "high"
                assert item[0]["body"]["department"] == "kaski"
            # Everything the relays had to send is out: exactly one escalation per case went out.
            await eventually(lambda: _outbox_empty(cases, tns))
            for tn in tns:
                assert len(await watch.messages("events", tn, "case.escalated")) == 1
                assert len(await watch.messages("dept.triage", tn)) == 1
        # Only these cases were due (other applications in this database are due days later).
        fired = one.state.routing.escalator.fired + two.state.routing.escalator.fired
        assert fired == len(tns)
        case = (await client.get(f"/v1/cases/{tns[0]}", headers={"X-API-Key": "dev-dept-kaski"})).json()
        assert case["escalation_level"] == 1 and case["overdue"] is True
        assert [h["event"] for h in case["history"]] == ["routed", "escalated"]
        listed = (await client.get("/v1/cases", headers={"X-API-Key": "dev-dept-triage"},
                                   params={"escalated": True})).json()
        assert set(tns) <= {c["tracking_no"] for c in listed["items"]}
        # A repeat comes due a day later (escalation_repeat_s) at the next level, once.
        day_later = datetime.now(UTC) + timedelta(days=1, minutes=1)
        assert await one.state.routing.escalator.run_once(day_later) >= len(tns)
        assert await two.state.routing.escalator.run_once(day_later) == 0
        levels = {d["_id"]: d["escalation_level"] for d in await cases.find({"_id": {"$in": tns}}).to_list()}
        assert levels == {tn: 2 for tn in tns}


async def _outbox_empty(cases, tns):
    return await cases.count_documents({"_id": {"$in": tns}, "outbox_pending": 1}) == 0


async def test_closed_cases_never_escalate(rabbit_url, mongo_url):
    async with routing(rabbit_url, mongo_url, DATABASE + "_closed") as (app, client):
        await load_catalogue(rabbit_url, app)
        request = registered("su yok", service_code="su-ariza")
        async with Watch(rabbit_url) as watch:
            await publish(rabbit_url, request)
            await watch.wait_for("dept.kaski", request.tracking_no)
        response = await client.post(f"/v1/cases/{request.tracking_no}/transitions",
                                     headers={"X-API-Key": "dev-dept-kaski"}, json={"to": "rejected"})
        assert response.status_code == 200
        assert await app.state.routing.escalator.run_once(datetime.now(UTC) + timedelta(days=400)) == 0
