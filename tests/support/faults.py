"""Fault tests' kit: a private broker node and Mongo stand-in, the services as processes on them, a
steady stream of applications through intake's HTTP API (retried safely with Idempotency-Key), and
the checks afterwards: nothing accepted lost, nothing done twice, the doubles at-least-once allows
counted.

The node and the stand-in are started once per test session (on first use) and shared by the fault
modules; each test gets its own vhost and databases.
"""

import asyncio
import atexit
import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from tests.support.gateways import Gateways
from tests.support.infra import ROOT, MongoStandIn, ServiceProcess
from tests.support.rabbitnode import RabbitNode

ARTIFACT = ROOT / "artifacts" / "faults.json"
SMS_TOKEN = "fault-sms-token"
# Service codes without required attributes, across departments: the decision is the catalogue's.
SERVICES = {"yol-bozuk": "fen-isleri", "aydinlatma": "fen-isleri", "boru-patlagi": "kaski",
            "kanalizasyon": "kaski", "cop-toplama": "cevre", "konteyner": "cevre", "park-bakim": "park-bahce",
            "tramvay": "ulasim", "durak": "ulasim", "gurultu": "zabita", "hasere": "veteriner",
            "engelli-yasli": "sosyal-hizmetler", "imar-bilgi": "imar", "kultur-kutuphane": "kultur",
            "spor-tesisi": "spor", "genel-bilgi": "halkla-iliskiler"}
TEXTS = ["Sokaktaki sorun {n} gündür çözülmedi, ilgilenmenizi rica ederim.",
         "Mahallemizdeki bu konu için {n}. kez başvuruyorum, lütfen bakın.",
         "Bilgi almak istiyorum, başvuru numarası {n} ile ilgili.",
         "Geçen hafta bildirdiğim durum devam ediyor, kayıt {n}."]
_shared: dict[str, object] = {}


def private_node() -> RabbitNode:
    """One private RabbitMQ node for the session's fault tests (stopped at exit)."""
    if "node" not in _shared:
        node = RabbitNode().start()
        atexit.register(node.destroy)
        _shared["node"] = node
    return _shared["node"]  # type: ignore[return-value]


def private_mongo(name: str = "main") -> MongoStandIn:
    """Private Mongo stand-ins for the fault tests (they restart them), one per name."""
    key = f"mongo-{name}"
    if key not in _shared:
        mongo = MongoStandIn().start()
        atexit.register(mongo.stop)
        _shared[key] = mongo
    return _shared[key]  # type: ignore[return-value]


def application(i: int, run: str, rnd: random.Random, phone: bool) -> dict:
    code = rnd.choice(sorted(SERVICES))
    body: dict = {"kind": rnd.choice(["request", "complaint"]), "service_code": code,
                  "text": rnd.choice(TEXTS).format(n=i + 1), "location": {"district": "Melikgazi"},
                  "consent": {"kvkk_ack": True}, "channel_meta": {"agent_id": f"fault-{run}"}}
    if phone:  # fictitious 0555 numbers, unique per application: its SMS can be counted
        body["citizen"] = {"phone": f"+90555{rnd.randrange(10**7):07d}"}
        body["consent"]["notify_sms"] = True
    return body


class Stack:
    """intake, routing and notify as processes on one vhost of the private node; each service's
    database on the stand-in `mongos` names for it (else `mongo`)."""

    def __init__(self, node: RabbitNode, mongo: MongoStandIn, name: str, *,
                 mongos: dict[str, MongoStandIn] | None = None, extra: dict[str, dict[str, str]] | None = None):
        self.node, self.run = node, f"{name}-{uuid.uuid4().hex[:6]}"
        self.mongos = {svc: (mongos or {}).get(svc, mongo) for svc in ("intake", "routing", "notify")}
        self.vhost = f"irtibat-fault-{self.run}"
        self.url = node.add_vhost(self.vhost)
        self.gateways = Gateways(SMS_TOKEN).start()
        # Production defaults for retries and the outbox: the faults meet the real settings.
        common = {"RABBIT_URL": self.url, "IRTIBAT_ENV": "local", "LOG_LEVEL": "INFO"}
        own = {"notify": self.gateways.notify_env()}
        self.services = {
            svc: ServiceProcess(svc, {**common, "MONGO_URL": self.mongos[svc].url, "MONGO_DATABASE": self.db(svc),
                                      **own.get(svc, {}), **(extra or {}).get(svc, {})})
            for svc in ("intake", "routing", "notify")}

    def db(self, svc: str) -> str:
        return f"fault_{self.run.replace('-', '_')}_{svc}"

    def start(self, timeout: float = 120.0) -> "Stack":
        for proc in self.services.values():
            proc.start()
        for proc in self.services.values():
            proc.wait_ready(timeout)
        return self

    def __getitem__(self, svc: str) -> ServiceProcess:
        return self.services[svc]

    def stop(self) -> None:
        for proc in self.services.values():
            proc.stop()
        self.gateways.stop()

    def parked(self) -> dict[str, int]:
        """Messages sitting in this stack's dead-letter queues."""
        return {q: n for q, n in self.node.queue_depths(self.vhost).items() if q.endswith(".dlq") and n}

    def log_count(self, svc: str, text: str) -> int:
        return self.services[svc].logs().count(text)

    def ready(self, svc: str) -> bool:
        try:
            return httpx.get(f"{self.services[svc].base_url}/health/ready", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False


@dataclass
class StreamResult:
    run: str = ""
    sent: int = 0
    accepted: dict[str, str] = field(default_factory=dict)  # idempotency key → tracking number
    statuses: Counter = field(default_factory=Counter)      # every HTTP answer and client error seen
    rejected: list[tuple[str, int, str]] = field(default_factory=list)  # refused for good (a bug here)
    changed_number: list[str] = field(default_factory=list)  # a retry answered another number (a bug)
    missing_retry_after: int = 0
    replayed: int = 0  # answered from the first attempt's record (its answer was lost on the way)
    accepted_at: list[float] = field(default_factory=list)  # seconds since the start, per acceptance
    samples: dict[int | str, str] = field(default_factory=dict)  # the first body seen per answer
    seconds: float = 0.0

    def accepted_between(self, start: float, end: float) -> int:
        return sum(1 for t in self.accepted_at if start <= t <= end)


async def stream(base_url: str, count: int, rate: float, *, run: str, phones: float = 0.1, seed: int = 7,
                 give_up_s: float = 180.0, concurrency: int = 48, api_key: str = "dev-phone") -> StreamResult:
    """POST `count` applications at `rate`/s (open loop); each is retried with its Idempotency-Key
    on 429/5xx/time-outs/refused connections until answered 201/200."""
    import aiohttp

    rnd = random.Random(seed)
    result = StreamResult(run=run, sent=count)
    bodies = [application(i, run, rnd, rnd.random() < phones) for i in range(count)]
    slots = asyncio.Semaphore(concurrency)
    t0 = time.monotonic()
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(base_url, timeout=timeout,
                                     connector=aiohttp.TCPConnector(limit=concurrency)) as client:
        async def attempt(i: int, key: str) -> tuple[int | str, dict, str]:
            headers = {"X-API-Key": api_key, "Idempotency-Key": key}
            async with slots:
                try:
                    async with client.post("/v1/requests", json=bodies[i], headers=headers) as r:
                        return r.status, {k.lower(): v for k, v in r.headers.items()}, await r.text()
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    return type(exc).__name__, {}, ""

        async def one(i: int) -> None:
            await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
            key, deadline = f"fault-{run}-{i:05d}", time.monotonic() + give_up_s
            while time.monotonic() < deadline:
                status, headers, text = await attempt(i, key)
                result.statuses[status] += 1
                result.samples.setdefault(status, text[:300])
                if status in (200, 201):
                    result.replayed += headers.get("idempotent-replayed") == "true"
                    result.accepted_at.append(time.monotonic() - t0)
                    number = json.loads(text)["tracking_no"]
                    if result.accepted.setdefault(key, number) != number:
                        result.changed_number.append(key)
                    return
                if status in (429, 503):
                    retry_after = headers.get("retry-after")
                    result.missing_retry_after += retry_after is None
                    await asyncio.sleep(min(2.0, float(retry_after or 1)) * rnd.uniform(0.5, 1))
                elif isinstance(status, str) or status >= 500:
                    await asyncio.sleep(0.3 * rnd.uniform(0.5, 1.5))
                else:
                    result.rejected.append((key, status, text[:300]))
                    return

        await asyncio.gather(*(one(i) for i in range(count)))
    result.seconds = time.monotonic() - t0
    return result


def record(scenario: str, figures: dict) -> None:
    """Print one summary line (visible with -s) and keep it in artifacts/faults.json."""
    print(f"\nFAULT-SUMMARY {scenario}: " + json.dumps(figures, ensure_ascii=False, default=str), flush=True)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
    data[scenario] = {**figures, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    ARTIFACT.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@dataclass
class Outcome:
    """What the services did with the accepted applications, read from their databases and queues."""

    accepted: set[str]
    stored: set[str] = field(default_factory=set)          # in intake's database
    cases: dict[str, dict] = field(default_factory=dict)   # routing's cases (department, version, urgent)
    items: Counter = field(default_factory=Counter)        # (queue, tracking_no, reason) → deliveries seen
    item_ids: dict[tuple, set] = field(default_factory=dict)  # the same, → distinct message ids
    receipts: Counter = field(default_factory=Counter)     # tracking_no → receipt notifications in notify's log
    sms: Counter = field(default_factory=Counter)          # tracking_no → receipt SMS the gateway received
    sms_expected: set[str] = field(default_factory=set)
    views: dict[str, int] = field(default_factory=dict)    # tracking_no → case version intake's status view holds

    def expected_items(self) -> set[tuple[str, str]]:
        out = {(f"dept.{c['department']}", tn) for tn, c in self.cases.items()}
        return out | {("dept.triage", tn) for tn, c in self.cases.items() if c.get("urgent")}

    def delivered(self) -> set[tuple[str, str]]:
        return {(q, tn) for q, tn, reason in self.items if reason == "new"}

    def mine(self, tn: str) -> bool:
        return tn in self.stored or tn in self.accepted

    def figures(self) -> dict:
        lost_case = self.accepted - set(self.cases)
        lost_item = {tn for q, tn in self.expected_items() - self.delivered() if tn in self.accepted}
        doubles = sum(n - 1 for (q, tn, reason), n in self.items.items()
                      if reason == "new" and n > 1 and self.mine(tn))
        second_effects = sum(1 for k, ids in self.item_ids.items() if len(ids) > 1 and self.mine(k[1]))
        return {
            "accepted": len(self.accepted), "lost_in_intake": len(self.accepted - self.stored),
            "phantoms_in_intake": len(self.stored - self.accepted), "lost_case": len(lost_case),
            "lost_work_item": len(lost_item), "work_item_doubles": doubles,
            "work_item_second_effects": second_effects,
            "cases_changed_twice": sum(1 for c in self.cases.values() if c.get("case_version") != 1),
            "receipts_missing": sum(1 for tn in self.accepted if self.receipts[tn] == 0),
            "receipts_twice": sum(1 for tn in self.accepted if self.receipts[tn] > 1),
            "sms_receipts_expected": len(self.sms_expected),
            "sms_receipts_missing": sum(1 for tn in self.sms_expected if self.sms[tn] == 0),
            "sms_receipt_doubles": sum(self.sms[tn] - 1 for tn in self.sms_expected if self.sms[tn] > 1),
            "status_views_not_updated": sum(1 for tn in self.accepted if self.views.get(tn, 0) < 1),
        }


async def drain_departments(url: str, outcome: Outcome) -> None:
    """Take every work item waiting in the department queues (acked: each is seen once here)."""
    import aio_pika

    from shared import topology

    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for q in topology.DEPARTMENT_QUEUES:
            queue = await channel.get_queue(q.name, ensure=False)
            while (msg := await queue.get(no_ack=True, fail=False)) is not None:
                body = json.loads(msg.body)
                key = (q.name, body["tracking_no"], body["reason"])
                outcome.items[key] += 1
                outcome.item_ids.setdefault(key, set()).add(msg.message_id)


def settle(stack: Stack, result: StreamResult, timeout: float = 150.0) -> Outcome:
    """Wait until every accepted application of this stream went all the way (or the deadline)."""
    from pymongo import MongoClient

    outcome = Outcome(accepted=set(result.accepted.values()))
    clients = {svc: MongoClient(m.url, serverSelectionTimeoutMS=5000) for svc, m in stack.mongos.items()}
    intake, routing, notify = (clients[s][stack.db(s)] for s in ("intake", "routing", "notify"))
    deadline = time.monotonic() + timeout
    try:
        while True:
            mine = {d["_id"]: d for d in intake.applications.find(
                {"channel_meta.agent_id": f"fault-{result.run}"},
                projection={"consent": 1, "outbox_pending": 1, "case_version": 1})}
            numbers = sorted(mine)
            outcome.stored = set(mine)
            outcome.views = {tn: int(d.get("case_version") or 0) for tn, d in mine.items()}
            outcome.sms_expected = {tn for tn, d in mine.items() if d.get("consent", {}).get("notify_sms")}
            outcome.cases = {d["_id"]: d for d in routing.cases.find(
                {"_id": {"$in": numbers}}, projection={"department": 1, "case_version": 1, "urgent": 1,
                                                        "outbox_pending": 1})}
            outcome.receipts = Counter(d["correlation_id"] for d in notify.notifications.find(
                {"template": "receipt", "correlation_id": {"$in": numbers}}, projection={"correlation_id": 1}))
            asyncio.run(drain_departments(stack.url, outcome))
            texts = [m["text"] for m in stack.gateways.sms() if "alındı" in m["text"]]
            outcome.sms = Counter(tn for tn in outcome.sms_expected for t in texts if tn in t)
            backlog = sum(1 for d in mine.values() if d.get("outbox_pending")) + \
                sum(1 for d in outcome.cases.values() if d.get("outbox_pending"))
            f = outcome.figures()
            done = backlog == 0 and not any(f[k] for k in ("lost_case", "lost_work_item", "receipts_missing",
                                                            "sms_receipts_missing", "status_views_not_updated"))
            if done or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        # Late doubles: whatever a relay re-sent after the last look.
        time.sleep(2.0)
        asyncio.run(drain_departments(stack.url, outcome))
    finally:
        for client in clients.values():
            client.close()
    return outcome


def possible_doubles(stack: Stack) -> int:
    """Sends notify itself counts as possible doubles (a claim found pending after its lease)."""
    r = httpx.get(f"{stack['notify'].base_url}/v1/notifications/stats", headers={"X-API-Key": "dev-admin"}, timeout=10)
    return int(r.json().get("possible_doubles", 0))


def absorbed_redeliveries(stack: Stack) -> int:
    """request.registered messages routing saw again and did nothing with (its log says so)."""
    return stack.log_count("routing", "already_processed")
