"""Wires the intake service: runtime, use cases, subscribers, HTTP routers."""

from fastapi import FastAPI

from services.intake import bootstrap, kvkk, pages
from services.intake.adapters.reports import MongoReports
from services.intake.adapters.reports import indexes as report_indexes
from services.intake.adapters.stores import MongoAudit
from services.intake.application.staff import StaffQueries
from services.intake.entrypoints import admin, amqp, http, open311, staff
from services.intake.settings import IntakeSettings
from shared import topology
from shared.contracts.registry import message_type
from shared.service import ServiceRuntime

NAME = "intake"
PUBLISHES = ["request.registered", "catalogue.changed", "apikey.changed", "citizen.erasure_requested"]


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    # Intake's HTTP side stays ready while the broker is down: the outbox holds its messages.
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues(),
                             indexes=[*bootstrap.indexes(), *report_indexes()], ready_requires_broker=False)
    intake = bootstrap.build(runtime, settings)
    amqp.register(runtime, intake)
    runtime.document_publishers([message_type(name) for name in PUBLISHES])
    runtime.on_start.append(intake.catalogue.seed_if_empty)
    if settings.bootstrap_admin_key_hash:
        runtime.on_start.append(lambda: intake.keys.ensure_bootstrap_admin(settings.bootstrap_admin_key_hash))
    app = runtime.create_app(
        title="İrtibat intake",
        description="Every channel's way in: the channel API, Open311 GeoReport v2, tracking numbers, the "
                    "citizen's status look-up, the service catalogue and API keys.",
        routers=[http.router, admin.router, open311.router, staff.router])
    app.state.intake = intake
    app.state.staff_queries = StaffQueries(MongoReports(runtime.db), MongoAudit(runtime.db))
    pages.install(app, intake, app.state.staff_queries, settings)
    kvkk.install(app, runtime, settings)
    return app
