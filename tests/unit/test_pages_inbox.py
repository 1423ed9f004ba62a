"""The department inbox page over fake use cases: order (overdue, then urgent, then time left),
duplicates under their master, and every answer a transition can get."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from services.routing import pages
from services.routing.application.changes import Conflict, Forbidden
from services.routing.domain.lifecycle import IllegalTransition
from shared.auth import Principal
from shared.enums import Role
from shared.settings import CommonSettings

pytestmark = pytest.mark.unit
KEYS = {"dev-dept-kaski": Principal(key_id="dev-dept-kaski", role=Role.DEPARTMENT, department="kaski"),
        "dev-web": Principal(key_id="dev-web", role=Role.CHANNEL, channel="web")}


def case(no: str, due: timedelta, *, urgent: int = 0, links: dict | None = None, status: str = "routed") -> dict:
    # Times are taken when a test builds its cases, not at import: the page counts down from "now".
    now = datetime.now(UTC)
    return {"_id": no, "case_version": 1, "status": status, "department": "kaski", "path": "code",
            "confidence": 1.0, "kind": "complaint", "text": f"metin {no}", "location": {"district": "Talas"},
            "registered_at": now - timedelta(days=1), "due_at": now + due, "open": 1, "urgent": urgent,
            "links": links or {}}


class FakeKeys:
    async def lookup(self, secret):
        return KEYS.get(secret)


class FakeCases:
    def __init__(self, docs):
        self.docs, self.queries = docs, []

    async def list(self, query, *, skip, limit):
        self.queries.append(query)
        return [dict(d) for d in self.docs], len(self.docs)


class FakeUpdater:
    def __init__(self, docs, fail=None):
        self.docs, self.fail, self.applied = {d["_id"]: d for d in docs}, fail, []

    async def read(self, tracking_no, actor):
        return dict(self.docs[tracking_no])

    async def apply(self, tracking_no, change, actor):
        if self.fail:
            raise self.fail
        self.applied.append((tracking_no, change, actor))
        return self.docs[tracking_no]


def client(docs, fail=None) -> tuple[httpx.AsyncClient, SimpleNamespace]:
    app = FastAPI()
    app.state.keys = FakeKeys()
    app.state.routing = SimpleNamespace(cases=FakeCases(docs), updater=FakeUpdater(docs, fail))
    pages.install(app, CommonSettings())
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://routing.test",
                             cookies={"irtibat_routing_key": "dev-dept-kaski"})
    return http, app.state.routing


def docs() -> list[dict]:
    return [case("153-2026-000001", timedelta(hours=30)), case("153-2026-000002", timedelta(hours=5), urgent=1),
            case("153-2026-000003", -timedelta(hours=2)),
            case("153-2026-000004", timedelta(hours=2), links={"153-2026-000009": 1})]


async def test_overdue_first_then_urgent_then_by_time_left_and_duplicates_under_their_master():
    http, routing = client(docs())
    async with http:
        page = await http.get("/gelen-kutusu")
    assert page.status_code == 200
    assert routing.cases.queries == [{"open": 1, "department": "kaski"}]
    order = [page.text.index(f'data-tracking-no="153-2026-00000{n}"') for n in (3, 2, 4, 1)]
    assert order == sorted(order)
    assert "SÜRESİ GEÇTİ" in page.text and "ACİL" in page.text and "2 sa 0 dk gecikti" in page.text
    assert 'href="/gelen-kutusu/153-2026-000009"' in page.text
    assert 'data-tracking-no="153-2026-000009"' not in page.text


async def test_a_transition_goes_through_the_updater_with_version_note_and_idempotency_key():
    http, routing = client(docs())
    async with http:
        answer = await http.post("/gelen-kutusu/153-2026-000001", data={
            "to": "resolved", "case_version": "3", "note": "Giderildi", "form_id": "f1-resolved"})
    assert answer.status_code == 303 and answer.headers["location"] == "/gelen-kutusu/153-2026-000001?ok=resolved"
    [(no, change, actor)] = routing.updater.applied
    assert (no, change.to, change.note, change.expected_version) == ("153-2026-000001", "resolved", "Giderildi", 3)
    assert change.idempotency_key == "page-f1-resolved" and actor.department == "kaski" and actor.via == "page"


async def test_reassigning_leaves_the_inbox_and_a_bad_target_is_refused():
    http, routing = client(docs())
    async with http:
        moved = await http.post("/gelen-kutusu/153-2026-000003", data={"to": "reassigned", "department": "fen-isleri"})
        bad = await http.post("/gelen-kutusu/153-2026-000003", data={"to": "reassigned", "department": "nowhere"})
        nonsense = await http.post("/gelen-kutusu/153-2026-000003", data={"to": "flying"})
    assert moved.status_code == 303 and moved.headers["location"] == "/gelen-kutusu?ok=reassigned"
    assert routing.updater.applied[0][1].department == "fen-isleri"
    assert bad.status_code == 422 and nonsense.status_code == 422 and len(routing.updater.applied) == 1


@pytest.mark.parametrize(("failure", "status", "text"), [
    (Conflict("stale"), 409, "bu arada değişti"),
    (IllegalTransition("resolved", "acknowledged"), 409, "bu işlem yapılamaz"),
    (Forbidden("not yours"), 403, "başka bir birime ait"),
])
async def test_a_refused_transition_shows_why_on_the_case_page(failure, status, text):
    http, _ = client(docs(), fail=failure)
    async with http:
        answer = await http.post("/gelen-kutusu/153-2026-000001", data={"to": "acknowledged"})
    assert answer.status_code == status and text in answer.text and 'role="alert"' in answer.text


async def test_a_closed_case_offers_no_action_and_a_channel_key_is_not_let_in():
    http, _ = client([case("153-2026-000005", timedelta(hours=1), status="resolved")])
    async with http:
        closed = await http.get("/gelen-kutusu/153-2026-000005")
        http.cookies.set("irtibat_routing_key", "dev-web")
        refused = await http.get("/gelen-kutusu")
    assert closed.status_code == 200 and "data-action=" not in closed.text and "kapandı" in closed.text
    assert refused.status_code == 403 and 'name="key"' in refused.text
