"""What every service's process has: telemetry, logging, broker, database, relays, keys, and the
FastAPI app around them with /health, /openapi.json, /asyncapi.json and /metrics.

A service builds one `ServiceRuntime`, registers its subscribers on `runtime.broker`, its relays
with `add_relay`, and calls `create_app`. Nothing else reads configuration.
"""

import asyncio
import logging
from datetime import UTC, datetime
from collections.abc import Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from faststream.rabbit import RabbitBroker
from faststream.specification import AsyncAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

from shared import deadletters, http, topology
from shared.auth import KeyStore, key_indexes, require
from shared.enums import Role
from shared.contracts.registry import MessageType
from shared.guard import guard_indexes
from shared.logging import setup_logging
from shared.messaging import create_broker, exchange
from shared.metrics import gauges, instruments
from shared.mongo import Index, create_client, ensure_indexes, ping
from shared.openapi import document_common_responses
from shared.outbox import OutboxRelay, outbox_indexes
from shared.periodic import Periodic
from shared.publisher import ConfirmedPublisher
from shared.settings import CommonSettings
from shared.telemetry import setup_telemetry

log = logging.getLogger("irtibat.service")
Hook = Callable[[], Awaitable[None]]


class ServiceRuntime:
    def __init__(self, name: str, settings: CommonSettings, *, consumer_queues: Sequence[topology.ConsumerQueue] = (),
                 indexes: Sequence[Index] = (), ready_requires_broker: bool = True, database: str | None = None):
        self.name = name
        self.settings = settings
        setup_logging(name, settings.log_level)
        self.telemetry = setup_telemetry(name)
        self.consumer_queues = list(consumer_queues)
        self.broker: RabbitBroker = create_broker(
            settings.rabbit_url, service=name, consumer_queues=self.consumer_queues,
            max_attempts=settings.max_attempts, retry_base_ms=settings.retry_base_ms,
            retry_max_ms=settings.retry_max_ms, prefetch=settings.prefetch,
            tracer_provider=self.telemetry.tracer_provider, meter_provider=self.telemetry.meter_provider,
            on_dead_letter=lambda queue: instruments().dead_lettered.add(1, {"service": name, "queue": queue}),
        )
        # The relays publish on their own channel, without FastStream's per-message chain.
        self.publisher = ConfirmedPublisher(settings.rabbit_url, app_id=f"irtibat-{name}",
                                            tracer_provider=self.telemetry.tracer_provider,
                                            record_spans=self.telemetry.exporting_traces)
        self.mongo = create_client(settings.mongo_url, appname=f"irtibat-{name}")
        self.db = self.mongo[database or settings.mongo_database or name]
        self.indexes = [*indexes, *guard_indexes(), *key_indexes()]
        self.keys = KeyStore(self.db, cache_s=settings.apikey_cache_s)
        self.relays: list[OutboxRelay] = []
        self.ready_requires_broker = ready_requires_broker
        self.broker_connected = asyncio.Event()
        self.before_consuming: list[Hook] = []  # e.g. load a model before the first message
        self.on_start: list[Hook] = []
        self.on_stop: list[Hook] = []
        self._tasks: list[asyncio.Task] = []
        self._backlog_gauges = Periodic("outbox backlog gauges", self._measure_outbox_backlog, 10.0, logger=log)

    def add_relay(self, collection: str) -> OutboxRelay:
        self.indexes.extend(outbox_indexes(collection))
        relay = OutboxRelay(
            self.db[collection], self.publish, scan_interval_s=self.settings.outbox_scan_interval_s,
            grace_s=self.settings.outbox_grace_s,
            on_published=lambda n: instruments().published.add(n, {"service": self.name, "collection": collection}))
        self.relays.append(relay)
        return relay

    async def publish(self, message) -> None:
        await self.publisher.publish(message)

    def document_publishers(self, types: Sequence[MessageType]) -> None:
        """Make the AsyncAPI document list what this service publishes, with its payload schema."""
        for t in types:
            routing_key = t.name if t.exchange == topology.EVENTS else f"{t.name}.{{code}}"
            if t.exchange == topology.DEPARTMENTS:
                routing_key = "{department code}"
            self.broker.publisher(exchange=exchange(t.exchange), routing_key=routing_key, schema=t.model,
                                  title=f"{t.name}:publish", description=f"{t.name} (schema {t.schema})")

    async def start(self) -> None:
        if not self.settings.is_local and await self.keys.holds_dev_keys():
            raise RuntimeError("development API keys are present outside the local profile: remove them")
        if self.telemetry.exporting_traces:  # a span per database command, only where spans go somewhere
            PymongoInstrumentor().instrument(tracer_provider=self.telemetry.tracer_provider)
        await self._until_done(self._prepare_database, "database")
        if self.settings.is_local:
            await self.keys.seed_dev_keys()
        await self._backlog_gauges.start()
        # The broker may come later: the process is live at once, ready when its consumers are.
        self._tasks.append(asyncio.create_task(self._until_done(self._connect_broker, "broker"),
                                               name="broker-connect"))

    async def _prepare_database(self) -> None:
        await ensure_indexes(self.db, self.indexes)

    async def _connect_broker(self) -> None:
        await topology.declare_topology_at(self.settings.rabbit_url)
        for hook in self.before_consuming:
            await hook()
        self.before_consuming.clear()
        await self.broker.start()
        self.broker_connected.set()
        for relay in self.relays:
            await relay.start()
        for hook in self.on_start:
            await hook()

    async def _measure_outbox_backlog(self) -> None:
        for relay in self.relays:
            try:
                count, oldest = await relay.backlog()
            except Exception:  # noqa: BLE001 - one relay's collection away must not hide the others
                log.debug("outbox backlog of %s not measured", relay.collection.name, exc_info=True)
                continue
            age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
            labels = {"service": self.name, "collection": relay.collection.name}
            gauges().set("irtibat.outbox.backlog", count, **labels)
            gauges().set("irtibat.outbox.oldest_age", max(0.0, age), **labels)

    async def _until_done(self, step: Hook, what: str) -> None:
        delay = 0.5
        while True:
            try:
                await step()
                return
            except Exception as exc:  # noqa: BLE001 - dependencies come up in any order
                log.warning("%s not available yet (%s); retrying in %.1fs", what, type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def stop(self) -> None:
        for hook in self.on_stop:
            await hook()
        await self._backlog_gauges.stop()
        for relay in self.relays:
            await relay.stop()
        await self.publisher.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.broker.stop()
        await self.mongo.close()
        self.telemetry.shutdown()

    async def readiness(self) -> dict[str, Any]:
        checks = {"database": await ping(self.db)}
        if self.broker_connected.is_set():
            checks["broker"] = await self.broker.ping(timeout=1.0)
        else:
            checks["broker"] = False
        needed = ["database"] + (["broker"] if self.ready_requires_broker else [])
        return {"ready": all(checks[k] for k in needed), "checks": checks}

    def asyncapi(self) -> dict[str, Any]:
        spec = AsyncAPI(self.broker, title=f"irtibat-{self.name}", version="1.0.0",
                        description=f"Messages the İrtibat {self.name} service consumes and publishes")
        return spec.to_specification().to_jsonable()

    def create_app(self, *, title: str, description: str, routers: Sequence[APIRouter] = (),
                   version: str = "1.0.0") -> FastAPI:
        runtime = self

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            await runtime.start()
            yield
            await runtime.stop()

        app = FastAPI(title=title, description=description, version=version, lifespan=lifespan)
        app.state.runtime = self
        app.state.keys = self.keys
        app.state.db = self.db
        http.install(app, max_in_flight=self.settings.max_in_flight, max_body_bytes=self.settings.max_body_bytes)
        app.include_router(_ops_router(self))
        for router in routers:
            app.include_router(router)
        FastAPIInstrumentor.instrument_app(app, tracer_provider=self.telemetry.tracer_provider,
                                           meter_provider=self.telemetry.meter_provider,
                                           excluded_urls="health/.*,metrics",
                                           # One span per request: spans per ASGI send/receive message
                                           # add CPU to every request and tell ops nothing.
                                           exclude_spans=["receive", "send"])
        document_common_responses(app)
        return app


def _ops_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(tags=["ops"])

    @router.get("/health/live", summary="The process answers")
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @router.get("/health/ready", summary="The database answers and, where needed, consumers are connected",
                responses={503: {"description": "Not ready"}})
    async def ready() -> JSONResponse:
        state = await runtime.readiness()
        return JSONResponse(state, status_code=200 if state["ready"] else 503)

    @router.get("/asyncapi.json", summary="AsyncAPI document of this service's channels")
    async def asyncapi() -> JSONResponse:
        return JSONResponse(runtime.asyncapi())

    @router.get("/v1/admin/dead-letters", summary="Messages parked in this service's dead-letter queues",
                dependencies=[Depends(require(Role.ADMIN))])
    async def parked(limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        return await deadletters.list_parked(runtime.settings.rabbit_url, runtime.consumer_queues, limit)

    @router.post("/v1/admin/dead-letters/{queue}/replay", summary="Send parked messages back to their queue",
                 dependencies=[Depends(require(Role.ADMIN))], responses={404: {"description": "Not a queue of this service"}})
    async def replay(queue: str, limit: int = Query(1000, ge=1, le=100_000),
                     message_id: str | None = None) -> dict[str, Any]:
        target = next((q for q in runtime.consumer_queues if q.name == queue), None)
        if target is None:
            raise HTTPException(404, f"{queue!r} is not a queue this service consumes")
        moved = await deadletters.replay(runtime.settings.rabbit_url, target, limit, message_id)
        return {"queue": queue, "replayed": moved}

    @router.get("/metrics", summary="Prometheus scrape endpoint", response_class=Response)
    async def metrics() -> Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
