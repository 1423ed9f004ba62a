"""Who may do what, on the four services in-process (one private vhost, the Mongo stand-in).

- The authorisation matrix: every operation of every service's OpenAPI document × (no key, a wrong
  key, each of the 8 channel keys, each department key and the supervisor's, staff, admin), against
  the policy table below — a new endpoint without a row fails the test.
- A channel reads only what it submitted; a department reads and changes only its own cases.
- Keys are stored hashed; an admin creates, rotates and revokes them at intake, and every service
  honours the change within a couple of seconds (apikey.changed).
- Rate limits per key (429 + Retry-After) on every service; tracking-code guessing is throttled.
- Staff and admin reads of personal data are in each service's audit log (who, what, when).
"""

import hashlib
import json
import time

import httpx
import pytest

from shared.enums import Channel, Department
from tests.integration.test_security_stack import (
    ADMIN, PHONE, STAFF, WEB, application, published_event, security_stack,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Policies: who gets past the key check (anyone else: 401 without a valid key, 403 with one).
PUBLIC = "public"            # no key needed
ADMIN_ONLY = "admin"
STAFF_UP = "staff"           # staff, admin
CHANNEL_ONLY = "channel"     # a channel key (its channel is the application's)
SUBMITTER = "channel+staff"  # the submitting channel, staff, admin
CASES = "department"         # a department (its own cases), the supervisor, staff, admin
ANY_KEY = "any key"
VISITS = "visits"            # staff, admin, the walk-in door counter (a walk_in channel key)
GATEWAY = "gateway token"    # Authorization: Bearer <SMS gateway token>; no API key opens it
OPEN311 = "open311 channel"  # api_key of a channel key; Open311 answers 403 for anything else

POLICY = {
    "intake": {
        "GET /health/live": PUBLIC, "GET /health/ready": PUBLIC, "GET /asyncapi.json": PUBLIC, "GET /metrics": PUBLIC,
        "GET /v1/admin/dead-letters": ADMIN_ONLY, "POST /v1/admin/dead-letters/{queue}/replay": ADMIN_ONLY,
        "POST /v1/requests": CHANNEL_ONLY, "GET /v1/requests/{tracking_no}": SUBMITTER,
        "GET /v1/track/{tracking_no}": PUBLIC, "POST /v1/track/{tracking_no}": PUBLIC, "GET /v1/services": PUBLIC,
        "GET /v1/admin/keys": ADMIN_ONLY, "POST /v1/admin/keys": ADMIN_ONLY,
        "POST /v1/admin/keys/{key_id}/rotate": ADMIN_ONLY, "POST /v1/admin/keys/{key_id}/revoke": ADMIN_ONLY,
        "GET /v1/admin/catalogue": ADMIN_ONLY, "PUT /v1/admin/catalogue/services/{code}": ADMIN_ONLY,
        "DELETE /v1/admin/catalogue/services/{code}": ADMIN_ONLY,
        "GET /open311/discovery.{fmt}": PUBLIC, "GET /open311/v2/services.{fmt}": PUBLIC,
        "GET /open311/v2/services/{resource}": PUBLIC, "POST /open311/v2/requests.{fmt}": OPEN311,
        "GET /open311/v2/requests.{fmt}": PUBLIC, "GET /open311/v2/requests/{resource}": PUBLIC,
        "GET /open311/v2/tokens/{resource}": PUBLIC,
        "GET /v1/stats": STAFF_UP, "POST /v1/staff/requests/search": STAFF_UP,
        "POST /v1/admin/citizens/export": STAFF_UP, "POST /v1/admin/citizens/erasures": ADMIN_ONLY,
        "GET /v1/admin/citizens/erasures/{erasure_id}": STAFF_UP, "POST /v1/admin/retention/run": ADMIN_ONLY,
    },
    "routing": {
        "GET /health/live": PUBLIC, "GET /health/ready": PUBLIC, "GET /asyncapi.json": PUBLIC, "GET /metrics": PUBLIC,
        "GET /v1/admin/dead-letters": ADMIN_ONLY, "POST /v1/admin/dead-letters/{queue}/replay": ADMIN_ONLY,
        "GET /v1/cases": CASES, "GET /v1/cases/{tracking_no}": CASES,
        "POST /v1/cases/{tracking_no}/transitions": CASES, "POST /v1/classify": ANY_KEY,
        "GET /v1/admin/rules": ADMIN_ONLY, "POST /v1/admin/rules": ADMIN_ONLY, "GET /v1/admin/rules/{rule_id}": ADMIN_ONLY,
        "PUT /v1/admin/rules/{rule_id}": ADMIN_ONLY, "DELETE /v1/admin/rules/{rule_id}": ADMIN_ONLY,
        "GET /v1/stats": STAFF_UP, "GET /v1/admin/corrections": ADMIN_ONLY,
    },
    "notify": {
        "GET /health/live": PUBLIC, "GET /health/ready": PUBLIC, "GET /asyncapi.json": PUBLIC, "GET /metrics": PUBLIC,
        "GET /v1/admin/dead-letters": ADMIN_ONLY, "POST /v1/admin/dead-letters/{queue}/replay": ADMIN_ONLY,
        "GET /v1/notifications": ADMIN_ONLY, "GET /v1/notifications/stats": ADMIN_ONLY,
        "GET /v1/preferences/{phone}": STAFF_UP, "PUT /v1/preferences/{phone}": STAFF_UP,
        "POST /v1/sms/inbound": GATEWAY,
    },
    "events": {
        "GET /health/live": PUBLIC, "GET /health/ready": PUBLIC, "GET /asyncapi.json": PUBLIC, "GET /metrics": PUBLIC,
        "GET /v1/admin/dead-letters": ADMIN_ONLY, "POST /v1/admin/dead-letters/{queue}/replay": ADMIN_ONLY,
        "POST /v1/events": ADMIN_ONLY, "GET /v1/events": PUBLIC, "GET /v1/admin/events": ADMIN_ONLY,
        "GET /v1/events/{event_id}": PUBLIC, "PATCH /v1/events/{event_id}": ADMIN_ONLY,
        "POST /v1/events/{event_id}/state": ADMIN_ONLY, "POST /v1/events/{event_id}/sessions": ADMIN_ONLY,
        "PATCH /v1/events/{event_id}/sessions/{session_id}": ADMIN_ONLY,
        "GET /v1/events/{event_id}/sessions/{session_id}/registrations": STAFF_UP,
        "POST /v1/events/{event_id}/registrations": PUBLIC, "GET /v1/registrations/{registration_id}": PUBLIC,
        "POST /v1/registrations/{registration_id}/cancel": PUBLIC,
        "POST /v1/admin/registrations/{registration_id}/cancel": STAFF_UP,
        "POST /v1/checkins": STAFF_UP, "POST /v1/visits": VISITS, "GET /v1/visits": STAFF_UP, "GET /v1/stats": STAFF_UP,
    },
}
# Who knocks: (name, X-API-Key value or None, role, channel).
CALLERS = ([("no key", None, None, None), ("wrong key", "not-a-key", None, None)]
           + [(f"channel {c.value}", f"dev-{c.value}", "channel", c.value) for c in Channel]
           + [(f"department {d.value}", f"dev-dept-{d.value}", "department", None) for d in Department]
           + [("staff", "dev-staff", "staff", None), ("admin", "dev-admin", "admin", None)])
PATH_VALUES = {"tracking_no": "153-2026-999999", "queue": "no-such-queue", "key_id": "key-nope", "code": "nope-code",
               "fmt": "json", "resource": "nope.json", "erasure_id": "er-nope", "rule_id": "nope",
               "phone": "+905321110000", "event_id": "ev-nope", "session_id": "se-nope", "registration_id": "rg-nope"}


def allowed(policy: str, role: str | None, channel: str | None) -> bool:
    return {
        PUBLIC: True, ADMIN_ONLY: role == "admin", STAFF_UP: role in ("staff", "admin"),
        CHANNEL_ONLY: role == "channel", SUBMITTER: role in ("channel", "staff", "admin"),
        CASES: role in ("department", "staff", "admin"), ANY_KEY: role is not None,
        VISITS: role in ("staff", "admin") or channel == "walk_in", GATEWAY: False, OPEN311: role == "channel",
    }[policy]


def expected_refusal(policy: str, role: str | None) -> int:
    if policy == OPEN311:
        return 403  # Open311's own answer for a missing, invalid or non-channel api_key
    if policy == GATEWAY:
        return 401  # only the gateway's bearer token opens it, whatever API key comes along
    return 401 if role is None else 403


@pytest.fixture(scope="module")
async def stack(mongo_url):
    async with security_stack(mongo_url, "access") as running:
        yield running


async def test_every_endpoint_answers_every_caller_as_the_policy_table_says(stack):
    mismatches, calls = [], 0
    for service, table in POLICY.items():
        spec = (await stack.clients[service].get("/openapi.json")).json()
        operations = {f"{m.upper()} {p}": op for p, ops in spec["paths"].items() for m, op in ops.items()}
        assert set(operations) == set(table), f"{service}: endpoints without a policy row or rows without endpoint: " \
                                              f"{set(operations) ^ set(table)}"
        for operation, op in operations.items():
            method, path = operation.split(" ", 1)
            url = path.format(**PATH_VALUES)
            for name, key, role, channel in CALLERS:
                headers = {"X-API-Key": key} if key else {}
                body = {"json": {}} if "requestBody" in op and not path.startswith("/open311") else {}
                if table[operation] == GATEWAY:  # a well-formed callback, so only the token decides
                    body = {"json": {"from": "+905321110000", "text": "MERHABA"}}
                response = await stack.clients[service].request(method, url, headers=headers, **body)
                calls += 1
                if allowed(table[operation], role, channel):
                    ok = response.status_code not in (401, 403)
                else:
                    ok = response.status_code == expected_refusal(table[operation], role)
                if not ok:
                    mismatches.append(f"{service} {operation} as {name}: {response.status_code} {response.text[:120]}")
    print(f"\nauthorisation matrix: {calls} calls")
    assert not mismatches, "\n".join(mismatches)
    token = _inbound_token(stack)
    r = await stack.clients["notify"].post("/v1/sms/inbound", json={"from": "+905321110000", "text": "MERHABA"},
                                           headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text


def _inbound_token(stack) -> str:
    return stack.apps["notify"].state.runtime.settings.inbound_token


async def _case_in_routing(stack, key: dict, **overrides) -> str:
    r = await stack.clients["intake"].post("/v1/requests", json=application(**overrides), headers=key)
    assert r.status_code == 201, r.text
    tracking_no = r.json()["tracking_no"]

    async def routed():
        return await stack.db("routing")["cases"].find_one({"_id": tracking_no})

    await eventually(routed, what="the case in routing")
    return tracking_no


async def test_a_channel_reads_only_what_it_submitted(stack):
    intake = stack.clients["intake"]
    tracking_no = await _case_in_routing(stack, WEB, text="Çöp konteyneri taşmış, koku yayılıyor.")
    mine = await intake.get(f"/v1/requests/{tracking_no}", headers=WEB)
    assert mine.status_code == 200 and mine.json()["citizen"]["phone"] == PHONE
    for other in ("dev-mobile", "dev-phone", "dev-open311"):
        r = await intake.get(f"/v1/requests/{tracking_no}", headers={"X-API-Key": other})
        assert r.status_code == 404, (other, r.status_code)  # another channel learns nothing, not even existence
    assert (await intake.get(f"/v1/requests/{tracking_no}", headers={"X-API-Key": "dev-dept-cevre"})).status_code == 403


async def test_a_department_reads_and_changes_only_its_own_cases(stack):
    routing = stack.clients["routing"]
    tracking_no = await _case_in_routing(stack, WEB, text="Ana caddede büyük bir çukur var, araçlar zarar görüyor.")
    owner = (await routing.get(f"/v1/cases/{tracking_no}", headers=ADMIN)).json()["department"]
    other = "cevre" if owner != "cevre" else "kaski"
    mine, theirs = {"X-API-Key": f"dev-dept-{owner}"}, {"X-API-Key": f"dev-dept-{other}"}
    assert (await routing.get(f"/v1/cases/{tracking_no}", headers=mine)).status_code == 200
    assert (await routing.get(f"/v1/cases/{tracking_no}", headers=theirs)).status_code == 403
    listed = (await routing.get("/v1/cases", params={"page_size": 100}, headers=theirs)).json()["items"]
    assert tracking_no not in {c["tracking_no"] for c in listed}
    assert all(c["department"] == other for c in listed)
    # Asking for another department's list is not a way round it.
    r = await routing.get("/v1/cases", params={"department": owner}, headers=theirs)
    assert r.status_code == 403 or all(c["department"] == other for c in r.json()["items"])
    refused = await routing.post(f"/v1/cases/{tracking_no}/transitions", json={"to": "acknowledged"}, headers=theirs)
    assert refused.status_code == 403
    assert (await routing.get(f"/v1/cases/{tracking_no}", headers=ADMIN)).json()["status"] != "acknowledged"
    done = await routing.post(f"/v1/cases/{tracking_no}/transitions", json={"to": "acknowledged"}, headers=mine)
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    # The supervisor reads every case.
    assert (await routing.get(f"/v1/cases/{tracking_no}", headers={"X-API-Key": "dev-dept-triage"})).status_code == 200


async def _answers(stack, key: str) -> dict[str, int]:
    """What each service answers a staff-level read with this key."""
    headers = {"X-API-Key": key}
    probes = {"intake": ("GET", "/v1/stats"), "routing": ("GET", "/v1/stats"),
              "notify": ("GET", "/v1/preferences/+905321110000"), "events": ("GET", "/v1/stats")}
    return {s: (await stack.clients[s].request(m, p, headers=headers)).status_code for s, (m, p) in probes.items()}


async def test_keys_are_hashed_and_rotation_and_revocation_reach_every_service(stack):
    intake = stack.clients["intake"]
    created = await intake.post("/v1/admin/keys", json={"role": "staff", "label": "güvenlik testi"}, headers=ADMIN)
    assert created.status_code == 201, created.text
    key_id, secret = created.json()["key_id"], created.json()["secret"]

    async def everywhere(key: str, status: int):
        answers = await _answers(stack, key)
        return answers if set(answers.values()) == {status} else None

    await eventually(lambda: everywhere(secret, 200), 30, "the new key accepted by every service")
    for service in stack.apps:
        docs = await stack.db(service)["api_keys"].find({}).to_list()
        assert secret not in json.dumps(docs, default=str), f"{service} stores a key secret"
        copy = next(d for d in docs if d["_id"] == key_id)
        assert copy["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    listed = (await intake.get("/v1/admin/keys", headers=ADMIN)).text
    assert secret not in listed and "key_hash" not in listed

    rotated = await intake.post(f"/v1/admin/keys/{key_id}/rotate", headers=ADMIN)
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    started = time.monotonic()
    await eventually(lambda: everywhere(secret, 401), 30, "the old secret refused everywhere", every=0.05)
    await eventually(lambda: everywhere(new_secret, 200), 30, "the new secret accepted everywhere", every=0.05)
    rotation_s = time.monotonic() - started

    assert (await intake.post(f"/v1/admin/keys/{key_id}/revoke", headers=ADMIN)).status_code == 200
    started = time.monotonic()
    assert (await _answers(stack, new_secret))["intake"] == 401  # intake's own copy changes with the write
    await eventually(lambda: everywhere(new_secret, 401), 30, "the revoked key refused everywhere", every=0.05)
    revocation_s = time.monotonic() - started
    print(f"\nrotation honoured everywhere after {rotation_s:.2f} s, revocation after {revocation_s:.2f} s")
    # Only an admin manages keys.
    assert (await intake.post(f"/v1/admin/keys/{key_id}/rotate", headers=STAFF)).status_code == 403
    assert (await intake.get("/v1/admin/keys", headers=WEB)).status_code == 403


async def test_rate_limit_per_key_answers_429_with_retry_after_on_every_service(stack):
    intake = stack.clients["intake"]
    created = await intake.post("/v1/admin/keys", headers=ADMIN,
                                json={"role": "staff", "label": "slow key", "rate_limit_per_minute": 3})
    secret = created.json()["secret"]
    await eventually(lambda: _all_known(stack, secret), 30, "the limited key known everywhere")
    for service in stack.apps:
        answers = []
        for _ in range(8):
            r = await stack.clients[service].get("/v1/stats" if service != "notify" else "/v1/preferences/+905321110000",
                                                 headers={"X-API-Key": secret})
            answers.append(r)
        limited = [r for r in answers if r.status_code == 429]
        assert limited, f"{service}: {[r.status_code for r in answers]}"
        assert int(limited[0].headers["Retry-After"]) >= 1
    # Another key is not held back by it.
    assert (await intake.get("/v1/stats", headers=STAFF)).status_code == 200


async def _all_known(stack, secret: str) -> bool:
    # A 429 already counts: the key was recognised (the probe itself spends its budget).
    return all(status in (200, 429) for status in (await _answers(stack, secret)).values())


async def test_guessing_tracking_codes_is_throttled(stack):
    tracking_no = await _case_in_routing(stack, WEB, text="Parkın aydınlatması çalışmıyor, akşamları karanlık.")
    app = stack.apps["intake"]
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as guesser:
        statuses = [(await guesser.get(f"/v1/track/{tracking_no}", params={"code": f"ZZ{i:04d}"})).status_code
                    for i in range(25)]
        assert statuses[0] == 404 and 429 in statuses, statuses
        blocked = await guesser.get(f"/v1/track/{tracking_no}", params={"code": "ZZ9999"})
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    # The number is protected for everyone now, whoever asks (per-number limit).
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40001))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as someone_else:
        assert (await someone_else.get(f"/v1/track/{tracking_no}", params={"code": "AAAAAA"})).status_code == 429


async def test_staff_and_admin_reads_of_personal_data_are_audited_in_every_service(stack):
    tracking_no = await _case_in_routing(stack, WEB, text="Su borusu patlamış, sokak göle döndü.",
                                         consent={"kvkk_ack": True, "department_contact": True})
    event_id, session_id = await published_event(stack.clients["events"])
    r = await stack.clients["events"].post(f"/v1/events/{event_id}/registrations", json={
        "session_id": session_id, "name": "Deneme Kişi", "phone": "0532 765 00 11", "role": "job_seeker",
        "consent": {"kvkk_ack": True}})
    assert r.status_code == 201, r.text
    reads = [("intake", "GET", f"/v1/requests/{tracking_no}", STAFF),
             ("routing", "GET", f"/v1/cases/{tracking_no}", STAFF),
             ("notify", "GET", f"/v1/preferences/{PHONE}", STAFF),
             ("notify", "GET", f"/v1/notifications?correlation_id={tracking_no}", ADMIN),
             ("events", "GET", f"/v1/events/{event_id}/sessions/{session_id}/registrations", STAFF)]
    for service, method, path, key in reads:
        before = {e["_id"] for e in await stack.db(service)["audit_log"].find({}, projection={"_id": 1}).to_list()}
        r = await stack.clients[service].request(method, path, headers=key)
        assert r.status_code == 200, (service, path, r.text)
        entries = await stack.db(service)["audit_log"].find({}).to_list()
        new = [e for e in entries if e["_id"] not in before]
        assert len(new) == 1, f"{service} did not audit {path}: {new}"
        assert new[0]["key_id"] == key["X-API-Key"] and (new[0].get("at") or new[0].get("at_ts")), (service, new)
        assert PHONE not in json.dumps(entries, default=str) and PHONE[3:] not in json.dumps(entries, default=str)
    # The web pages that show the same data audit the same way (signed in with the key cookie).
    pages = [("intake", f"/masa/basvuru/{tracking_no}", "irtibat_intake_key=dev-staff", "read_application"),
             ("routing", f"/gelen-kutusu/{tracking_no}", "irtibat_routing_key=dev-staff", "inbox_read_case"),
             ("routing", "/gelen-kutusu", "irtibat_routing_key=dev-admin", "inbox_list"),
             ("events", f"/gorevli/etkinlikler/{event_id}", "irtibat_events_key=dev-staff", "list_registrations")]
    for service, path, cookie, action in pages:
        before = await stack.db(service)["audit_log"].count_documents({"action": action})
        page = await stack.clients[service].get(path, headers={"Cookie": cookie})
        assert page.status_code == 200, (service, path, page.status_code)
        assert await stack.db(service)["audit_log"].count_documents({"action": action}) > before, (service, path)
    # A channel reading its own submission is not a staff read: nothing is added.
    before = await stack.db("intake")["audit_log"].count_documents({})
    assert (await stack.clients["intake"].get(f"/v1/requests/{tracking_no}", headers=WEB)).status_code == 200
    assert await stack.db("intake")["audit_log"].count_documents({}) == before
