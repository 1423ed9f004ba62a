"""Wires the routing service: runtime, storage, use cases, subscribers, scheduler, HTTP routers."""

import asyncio

from fastapi import FastAPI

from services.routing.adapters.classifier import ClassifierProvider
from services.routing.adapters.config import MongoConfig
from services.routing.adapters.mongo import (
    ERASURES, MongoAudit, MongoCaseStore, MongoCorrections, MongoErasures, case_indexes,
)
from services.routing.application.changes import CaseUpdater
from services.routing.application.context import RoutingContext
from services.routing.adapters.retention import MongoRetention
from services.routing.application.erasure import Eraser
from services.routing.application.retention import CaseRetention
from services.routing.application.escalation import Escalator
from services.routing.application.opening import DuplicatePolicy, RequestRouter
from services.routing import pages
from services.routing.entrypoints import admin, amqp, corrections, http, stats
from services.routing.adapters.stats import MongoCaseStats
from services.routing.entrypoints.scheduler import OverdueGauge, sla_scheduler
from services.routing.settings import RoutingSettings
from shared import topology
from shared.contracts.registry import message_type
from shared.erasure import subject
from shared.keys_consumer import subscribe_key_changes
from shared.service import ServiceRuntime

NAME = "routing"
PUBLISHES = ("case.work_item", "case.routed", "case.status_changed", "case.escalated", "citizen.erasure_completed")
DESCRIPTION = """Routing: decides the department of every application (service code → rules → Turkish
text classifier → supervisor triage), opens its case with an SLA due time, publishes the work item to
`dept.<code>`, and runs the case lifecycle and SLA escalation. Departments use their `X-API-Key`."""


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: RoutingSettings | None = None, *, classifier: ClassifierProvider | None = None) -> FastAPI:
    settings = settings or RoutingSettings()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues(), indexes=case_indexes())
    subscribe_key_changes(runtime)
    relay = runtime.add_relay("cases")
    cases = MongoCaseStore(runtime.db)
    config = MongoConfig(runtime.db, cache_s=settings.config_cache_s)
    classifier = classifier or ClassifierProvider(settings.classifier_path)
    updater = CaseUpdater(cases, MongoCorrections(runtime.db), relay)
    router = RequestRouter(
        cases, config, classifier, classifier.detect_emergency, relay, close_linked=updater.close_linked,
        subject=lambda value: subject(settings.irtibat_secret, value),
        duplicates=DuplicatePolicy(settings.duplicate_radius_m, settings.duplicate_window_days,
                                   settings.duplicate_text_similarity))
    escalator = Escalator(cases, relay, repeat_s=settings.escalation_repeat_s, batch=settings.sla_scan_batch)
    eraser = Eraser(MongoErasures(runtime.db), runtime.add_relay(ERASURES))
    routing = RoutingContext(cases=cases, config=config, router=router, updater=updater, escalator=escalator,
                             classifier=classifier, eraser=eraser, audit=MongoAudit(runtime.db))
    amqp.subscribe(runtime, routing)
    scheduler = sla_scheduler(escalator, settings.sla_scan_interval_s)
    # The model loads before the first message, not inside it (about 2 s of CPU).
    runtime.before_consuming.append(lambda: asyncio.to_thread(classifier))
    runtime.on_start.append(scheduler.start)
    runtime.on_stop.append(scheduler.stop)
    overdue = OverdueGauge(MongoCaseStats(runtime.db))
    runtime.on_start.append(overdue.start)
    runtime.on_stop.append(overdue.stop)
    retention = CaseRetention(MongoRetention(runtime.db), settings.retention_days, settings.retention_interval_s)
    runtime.on_start.append(retention.start)
    runtime.on_stop.append(retention.stop)
    runtime.document_publishers([message_type(name) for name in PUBLISHES])
    app = runtime.create_app(title="İrtibat routing", description=DESCRIPTION,
                             routers=[http.router, admin.router, corrections.router, stats.router])
    app.state.routing = routing
    app.state.retention = retention
    pages.install(app, settings)
    return app
