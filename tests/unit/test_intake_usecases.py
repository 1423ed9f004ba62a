"""Intake's use cases with in-memory fakes: submission (one insert carrying its message, retries,
conflicts), tracking-number blocks across copies and years, case events, catalogue and keys."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from services.intake.application.catalogue import Catalogue, InvalidService, load_seed
from services.intake.application.keys import InvalidKeyRequest, KeyAdmin, KeyNotFound
from services.intake.application.ports import DuplicateKey
from services.intake.application.status import ApplyCaseEvent, UnknownApplication
from services.intake.application.submit import Submission, SubmitApplication, TrackingNumbers
from services.intake.domain.application import ApplicationInput
from services.intake.domain.errors import IdempotencyConflict, InvalidApplication
from shared.auth import hash_key
from shared.contracts.routing import CaseRouted, CaseStatusChanged
from shared.enums import Role

pytestmark = pytest.mark.unit


def apply_set(doc: dict[str, Any], fields: dict[str, Any]) -> None:
    """`$set` with dotted paths, as MongoDB does it."""
    for path, value in fields.items():
        target, *rest = path.split(".")
        if rest:
            doc.setdefault(target, {})[".".join(rest)] = value
        else:
            doc[target] = value


class Relay:
    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def submit(self, doc: dict[str, Any]) -> None:
        self.docs.append(doc)

    def messages(self) -> list[dict[str, Any]]:
        return [m for d in self.docs for m in d["outbox"].values()]


class Applications:
    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.inserts = 0

    async def insert(self, doc):
        self.inserts += 1
        if doc["_id"] in self.docs or any(d["idempotency_key"] == doc["idempotency_key"] for d in self.docs.values()):
            raise DuplicateKey("duplicate")
        self.docs[doc["_id"]] = doc

    async def by_idempotency_key(self, key):
        return next((d for d in self.docs.values() if d["idempotency_key"] == key), None)

    async def get(self, tracking_no):
        return self.docs.get(tracking_no)

    async def exists(self, tracking_no):
        return tracking_no in self.docs

    async def apply_if_newer(self, tracking_no, version, fields):
        doc = self.docs.get(tracking_no)
        if not doc or doc["case_version"] >= version:
            return False
        apply_set(doc, fields)
        return True

    async def add_timeline_entry(self, tracking_no, key, entry):
        self.docs[tracking_no]["timeline"][key] = entry


class Counters:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    async def reserve(self, counter_id, size):
        self.values[counter_id] = self.values.get(counter_id, 0) + size
        return self.values[counter_id]


class CatalogueDocs:
    def __init__(self) -> None:
        self.doc: dict[str, Any] | None = None

    async def load(self):
        return self.doc

    async def create(self, doc):
        if self.doc is not None:
            return False
        self.doc = dict(doc)
        return True

    async def update_if_version(self, version, update):
        if self.doc is None or self.doc["version"] != version:
            return None
        self.doc = {**self.doc, "outbox": {}}
        apply_set(self.doc, update["$set"])
        return {"_id": "catalogue", **self.doc}


def app(**overrides) -> ApplicationInput:
    body = {"kind": "complaint", "text": "Su yok", "service_code": "su-kesintisi", "attributes": {"kac_gundur": 1},
            "citizen": {"phone": "05321234567"}}
    return ApplicationInput.model_validate({**body, **overrides})


@pytest.fixture
def world():
    store, relay, counters = Applications(), Relay(), Counters()
    catalogue = Catalogue(CatalogueDocs(), Relay(), seed=load_seed)
    submit = SubmitApplication(store, TrackingNumbers(counters, block_size=10), catalogue, relay)
    return store, relay, counters, submit


async def test_one_insert_carries_the_application_and_its_message(world):
    store, relay, _, submit = world
    receipt = await submit(Submission("web", "dev-web", app(), trace_id="ab" * 16))
    assert store.inserts == 1
    doc = store.docs[receipt.tracking_no]
    assert doc["outbox_pending"] == 1 and doc["citizen"]["phone"] == "+905321234567" and doc["trace_id"] == "ab" * 16
    [message] = relay.messages()
    assert message["type"] == "request.registered" and message["correlation_id"] == receipt.tracking_no
    payload = json.loads(message["body"])
    assert payload["tracking_no"] == receipt.tracking_no and payload["channel"] == "web"
    assert payload["trace_id"] == "ab" * 16 and payload["attributes"] == {"kac_gundur": 1}


async def test_retry_returns_the_first_answer_and_a_changed_body_conflicts(world):
    store, relay, _, submit = world
    first = await submit(Submission("web", "k", app(), idempotency_key="r-1"))
    again = await submit(Submission("web", "k", app(), idempotency_key="r-1"))
    assert again.replayed and again.as_dict() == first.as_dict()
    with pytest.raises(IdempotencyConflict):
        await submit(Submission("web", "k", app(text="Başka"), idempotency_key="r-1"))
    other = await submit(Submission("phone", "k", app(), idempotency_key="r-1"))
    assert other.tracking_no != first.tracking_no
    assert len(relay.docs) == 2 and len(store.docs) == 2


async def test_catalogue_errors_stop_the_submission(world):
    store, _, _, submit = world
    with pytest.raises(InvalidApplication) as info:
        await submit(Submission("web", "k", app(attributes={})))
    assert info.value.errors[0].loc == ("attributes", "kac_gundur") and store.inserts == 0


async def test_copies_share_the_counter_and_never_share_a_number():
    counters = Counters()
    a, b = TrackingNumbers(counters, block_size=5), TrackingNumbers(counters, block_size=5)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    taken_a = [await a.next(now) for _ in range(7)]
    taken_b = [await b.next(now) for _ in range(7)]
    assert len(set(taken_a) | set(taken_b)) == 14
    assert taken_a == sorted(taken_a) and taken_b == sorted(taken_b)
    assert taken_a[0] == "153-2026-000001" and taken_b[0] == "153-2026-000011"
    assert counters.values == {"tracking-153-2026": 20}


async def test_numbers_restart_with_the_istanbul_new_year():
    numbers = TrackingNumbers(Counters(), block_size=100)
    assert await numbers.next(datetime(2026, 12, 31, 20, 59, tzinfo=UTC)) == "153-2026-000001"
    # 21:00 UTC on 31 December is already 1 January in Istanbul.
    assert await numbers.next(datetime(2026, 12, 31, 21, 0, tzinfo=UTC)) == "153-2027-000001"


async def test_case_events_newest_wins_history_complete(world):
    store, _, _, submit = world
    no = (await submit(Submission("web", "k", app()))).tracking_no
    apply = ApplyCaseEvent(store)
    now = datetime.now(UTC)
    resolved = CaseStatusChanged(tracking_no=no, case_version=3, occurred_at=now, status="resolved", department="kaski")
    routed = CaseRouted(tracking_no=no, case_version=1, occurred_at=now, department="kaski", path="code",
                        confidence=1.0, due_at=now)
    assert await apply("case.status_changed", resolved) == "applied"
    assert await apply("case.routed", routed) == "older"
    assert await apply("case.status_changed", resolved) == "older"  # redelivery: no second effect
    doc = store.docs[no]
    assert doc["status"] == "resolved" and doc["case_version"] == 3
    assert sorted(doc["timeline"]) == ["000000", "000001", "000003"]
    with pytest.raises(UnknownApplication):
        await apply("case.routed", routed.model_copy(update={"tracking_no": "153-2026-999999"}))


async def test_catalogue_seeds_once_and_versions_each_change():
    docs, relay = CatalogueDocs(), Relay()
    catalogue = Catalogue(docs, relay, seed=load_seed, cache_s=0)
    assert await catalogue.seed_if_empty() is True
    assert await catalogue.seed_if_empty() is False
    service = (await catalogue.service("kar-buz")).model_copy(update={"name_tr": "Kar küreme"})
    assert await catalogue.put_service(service) == 2
    assert await catalogue.deactivate("kar-buz") == 3 and await catalogue.deactivate("nope") is None
    versions = [json.loads(m["body"])["version"] for m in relay.messages()]
    assert versions == [1, 2, 3]
    with pytest.raises(InvalidService):
        await catalogue.put_service(service.model_copy(update={"department": "nasa"}))


class Keys:
    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}

    async def insert(self, doc):
        self.docs[doc["_id"]] = dict(doc)

    async def get(self, key_id):
        return self.docs.get(key_id)

    async def update_if_version(self, key_id, version, update):
        doc = self.docs.get(key_id)
        if not doc or doc["version"] != version:
            return None
        doc["outbox"] = {}
        apply_set(doc, update["$set"])
        return dict(doc, outbox=dict(doc["outbox"]))

    async def list(self):
        return list(self.docs.values())


class KeyCache:
    forgotten = 0

    def forget(self):
        self.forgotten += 1


async def test_keys_store_only_hashes_and_publish_every_change():
    store, relay, cache = Keys(), Relay(), KeyCache()
    admin = KeyAdmin(store, relay, cache)
    doc, secret = await admin.create(Role.DEPARTMENT, department="kaski", label="KASKİ")
    assert doc["key_hash"] == hash_key(secret) and secret not in json.dumps(doc, default=str)
    rotated, new_secret = await admin.rotate(doc["_id"])
    assert rotated["key_hash"] == hash_key(new_secret) and rotated["version"] == 2
    revoked = await admin.revoke(doc["_id"])
    assert revoked["revoked"] == 1 and revoked["version"] == 3 and cache.forgotten == 3
    bodies = [json.loads(m["body"]) for m in relay.messages()]
    assert [b["version"] for b in bodies] == [1, 2, 3] and bodies[-1]["revoked"] is True
    with pytest.raises(KeyNotFound):
        await admin.rotate("key-none")
    with pytest.raises(InvalidKeyRequest):
        await admin.create(Role.STAFF, channel="web")


async def test_bootstrap_admin_key_is_created_once():
    store, relay = Keys(), Relay()
    admin = KeyAdmin(store, relay, KeyCache())
    assert await admin.ensure_bootstrap_admin(hash_key("first-admin-secret")) is True
    assert await admin.ensure_bootstrap_admin(hash_key("first-admin-secret")) is False
    [message] = relay.messages()
    body = json.loads(message["body"])
    assert body["role"] == "admin" and body["key_hash"] == hash_key("first-admin-secret")
