"""KVKK erasure in routing: the contact kept with department_contact consent goes, personal data
in the text is masked, and citizen.erasure_completed is reported once per erasure id."""

import uuid
from datetime import UTC, datetime

import pytest

from shared.contracts.intake import CitizenErasureRequested
from shared.erasure import subjects_for
from shared.settings import CommonSettings
from tests.integration.test_routing_helpers import Watch, eventually, publish, registered, routing

pytestmark = pytest.mark.integration
PHONE = "+905321239876"


async def test_erasure_removes_the_contact_and_reports_once(rabbit_url, mongo_url):
    async with routing(rabbit_url, mongo_url, "routing_erasure") as (app, client):
        cases = app.state.runtime.db["cases"]
        kept = registered(f"su yok, beni arayın {PHONE[3:]}", citizen={"name": "Ayşe Yılmaz", "phone": PHONE},
                          consent={"department_contact": True})
        other = registered("su yok", citizen={"name": "Ali Veli", "phone": "+905551112233"},
                           consent={"department_contact": True})
        erasure_id = str(uuid.uuid4())
        async with Watch(rabbit_url, keys=("case.#", "citizen.erasure_completed")) as watch:
            for request in (kept, other):
                await publish(rabbit_url, request)
                await watch.wait_for("events", request.tracking_no, "case.routed")
            stored = await cases.find_one({"_id": kept.tracking_no})
            assert stored["contact"]["phone"] == PHONE, stored
            assert stored["subject_phone"] in subjects_for(CommonSettings().irtibat_secret, phones=(PHONE,)), stored
            secret = CommonSettings().irtibat_secret
            request = CitizenErasureRequested(erasure_id=erasure_id, subjects=subjects_for(secret, phones=(PHONE,)),
                                              requested_at=datetime.now(UTC))
            await publish(rabbit_url, request)
            await publish(rabbit_url, request)  # redelivered: erased again, reported once
            report = await watch.wait_for("events", erasure_id, "citizen.erasure_completed")
            await eventually(lambda: _outbox_sent(app, erasure_id))
            assert len(await watch.messages("events", erasure_id, "citizen.erasure_completed")) == 1
        assert report[0]["body"]["service"] == "routing" and report[0]["body"]["counts"] == {"cases": 1}
        erased = await cases.find_one({"_id": kept.tracking_no})
        assert erased["contact"] is None and erased["subject_phone"] == "" and "532" not in erased["text"]
        assert (await cases.find_one({"_id": other.tracking_no}))["contact"]["phone"] == "+905551112233"


async def _outbox_sent(app, erasure_id):
    doc = await app.state.runtime.db["erasures"].find_one({"_id": erasure_id})
    return doc is not None and doc["outbox_pending"] == 0
