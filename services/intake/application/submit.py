"""Use case: register an application — validate, de-duplicate retries, number it, and store it
with its `request.registered` message in one insert (the embedded outbox)."""

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opentelemetry import trace

from services.intake.application.catalogue import Catalogue
from services.intake.application.ports import ApplicationStore, Counters, DuplicateKey, Relay
from services.intake.domain.application import ApplicationInput, body_hash, idempotency_key
from services.intake.domain.catalogue import check_attributes
from services.intake.domain.clock import ISTANBUL, local_iso, utcnow
from services.intake.domain.errors import IdempotencyConflict, InvalidApplication
from services.intake.domain.timeline import RECEIVED, received_entry, timeline_key
from services.intake.domain.tracking import NumberBlock, counter_id, format_tracking_no, new_tracking_code
from shared.contracts.envelope import envelope
from shared.contracts.intake import RequestRegistered
from shared.metrics import instruments
from shared.outbox import outbox_fields

log = logging.getLogger("irtibat.intake.submit")


@dataclass
class Submission:
    channel: str
    key_id: str
    application: ApplicationInput
    idempotency_key: str | None = None
    trace_id: str | None = None


@dataclass
class Receipt:
    tracking_no: str
    tracking_code: str
    status: str
    received_at: datetime
    trace_id: str | None
    replayed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"tracking_no": self.tracking_no, "tracking_code": self.tracking_code, "status": self.status,
                "received_at": local_iso(self.received_at), "trace_id": self.trace_id}

    @classmethod
    def of(cls, doc: dict[str, Any], replayed: bool = False) -> "Receipt":
        return cls(doc["_id"], doc["tracking_code"], RECEIVED, doc["registered_at"], doc.get("trace_id"), replayed)


class TrackingNumbers:
    """Hands out numbers from blocks reserved with one `$inc` each (per year, Istanbul time)."""

    def __init__(self, counters: Counters, prefix: str = "153", block_size: int = 100):
        self.counters = counters
        self.prefix = prefix
        self.block_size = block_size
        self._block: NumberBlock | None = None
        self._lock = asyncio.Lock()

    async def next(self, now: datetime) -> str:
        year = now.astimezone(ISTANBUL).year
        async with self._lock:
            n = self._block.take() if self._block and self._block.year == year else None
            if n is None:
                value = await self.counters.reserve(counter_id(self.prefix, year), self.block_size)
                self._block = NumberBlock.from_counter(year, value, self.block_size)
                n = self._block.take()
        return format_tracking_no(self.prefix, year, n)


def registered(doc: dict[str, Any]) -> None:
    """What ops sees of a new application: its number, channel and kind — never its contents."""
    labels = {"channel": doc["channel"], "kind": doc["kind"]}
    instruments().applications.add(1, labels)
    span = trace.get_current_span()
    span.set_attribute("irtibat.tracking_no", doc["_id"])
    span.set_attribute("irtibat.channel", doc["channel"])
    log.info("registered application %s", doc["_id"], extra={"tracking_no": doc["_id"], **labels})


class SubmitApplication:
    def __init__(self, store: ApplicationStore, numbers: TrackingNumbers, catalogue: Catalogue, relay: Relay,
                 producer: str = "intake"):
        self.store = store
        self.numbers = numbers
        self.catalogue = catalogue
        self.relay = relay
        self.producer = producer

    async def __call__(self, sub: Submission) -> Receipt:
        app = sub.application
        service = await self.catalogue.service(app.service_code) if app.service_code else None
        attributes, errors = check_attributes(service, app.service_code, app.attributes)
        if errors:
            raise InvalidApplication(errors)
        normalised = app.normalised()
        normalised["attributes"] = attributes
        digest = body_hash(normalised)
        key = sub.idempotency_key or app.channel_meta.message_id
        for _ in range(3):
            doc = await self._document(sub, normalised, digest, key)
            try:
                await self.store.insert(doc)
            except DuplicateKey:
                first = await self.store.by_idempotency_key(idempotency_key(sub.channel, key, "")) if key else None
                if first is None:
                    log.warning("tracking number %s already taken; taking another", doc["_id"])
                    continue
                if first["body_hash"] != digest:
                    raise IdempotencyConflict(key, first["_id"]) from None
                return Receipt.of(first, replayed=True)
            self.relay.submit(doc)
            registered(doc)
            return Receipt.of(doc)
        raise RuntimeError("could not allocate a free tracking number")

    async def _document(self, sub: Submission, normalised: dict[str, Any], digest: str,
                        key: str | None) -> dict[str, Any]:
        now = utcnow()
        tracking_no = await self.numbers.next(now)
        tracking_code = new_tracking_code()
        payload = RequestRegistered.model_validate(
            {**normalised, "tracking_no": tracking_no, "channel": sub.channel, "registered_at": now,
             "trace_id": sub.trace_id, "tracking_code": tracking_code})
        message = envelope(payload, producer=self.producer, correlation_id=tracking_no)
        return {
            "_id": tracking_no,
            "idempotency_key": idempotency_key(sub.channel, key, tracking_no),
            "body_hash": digest,
            "channel": sub.channel,
            "key_id": sub.key_id,
            "tracking_code": tracking_code,
            **normalised,
            "registered_at": now,
            "updated_at": now,
            "trace_id": sub.trace_id,
            "status": RECEIVED,
            "public_status": "open",
            "case_version": 0,
            "department": None,
            "due_at": None,
            "timeline": {timeline_key(0): received_entry(now)},
            **outbox_fields([message], now),
        }
