"""Wires the events service: runtime, relay, scheduler, HTTP routers and pages."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI

from services.events.adapters.mongo import ERASURES, REGISTRATIONS, EventStore, indexes
from services.events.adapters.registrations import RegistrationStore
from services.events.application.ports import Ports
from services.events.application.scheduler import run_once
from services.events.entrypoints import amqp, http, pages, staff_pages
from services.events.entrypoints.deps import install_error_handlers
from services.events.settings import EventsSettings
from shared import topology
from shared.contracts.registry import MESSAGE_TYPES
from shared.keys_consumer import subscribe_key_changes
from shared.periodic import Periodic
from shared.service import ServiceRuntime

NAME = "events"
log = logging.getLogger("irtibat.events")


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def create_app(settings: EventsSettings | None = None, clock: Callable[[], datetime] = _utcnow) -> FastAPI:
    settings = settings or EventsSettings()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues(), indexes=indexes())
    subscribe_key_changes(runtime)
    relay = runtime.add_relay(REGISTRATIONS)
    erasure_relay = runtime.add_relay(ERASURES)
    runtime.document_publishers([t for t in MESSAGE_TYPES.values() if t.producer == NAME]
                                + [MESSAGE_TYPES["citizen.erasure_completed"]])
    ports = Ports(EventStore(runtime.db), RegistrationStore(runtime.db), relay.submit, erasure_relay.submit,
                  settings.irtibat_secret)
    amqp.subscribe(runtime, ports)
    scheduler = _schedule(runtime, ports, settings, clock)
    app = runtime.create_app(
        title="İrtibat events",
        description="Promotion events at the İletişim Alanı: sessions, registrations, waitlists, check-in, "
                    "visitor counts; public Turkish pages at /etkinlikler",
        routers=[http.router, pages.router])
    app.state.ports = ports
    app.state.clock = clock
    app.state.visitors_baseline = settings.visitors_baseline
    app.state.scheduler = scheduler
    install_error_handlers(app)
    staff_pages.install(app, settings)
    return app


def _schedule(runtime: ServiceRuntime, ports: Ports, settings: EventsSettings, clock: Callable[[], datetime]
              ) -> Periodic:
    """Run the scheduler in the background (its `rounds` count finished rounds)."""
    scheduler = Periodic("events-scheduler", lambda: run_once(ports, clock(), settings.reminder_lead_s,
                                                              settings.retention_days * 86400),
                         settings.scheduler_interval_s, logger=log)
    runtime.on_start.append(scheduler.start)
    runtime.on_stop.append(scheduler.stop)
    return scheduler
