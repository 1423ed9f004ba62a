"""Wires the notify service: runtime, store, providers, templates, subscribers, scheduler, HTTP."""

import httpx
from fastapi import FastAPI

from services.notify.adapters.erasure import ERASURES, ErasureStore, erasure_indexes
from services.notify.adapters.metrics import NotifyMetrics
from services.notify.adapters.providers import HttpSms, SmtpEmail, Webhook
from services.notify.adapters.retention import NotifyRetention
from services.notify.adapters.store import NOTIFICATIONS, NotifyStore, indexes
from services.notify.adapters.templates import Templates
from services.notify.application.dispatch import Dispatcher
from services.notify.application.ports import Clock, Provider, SystemClock
from services.notify.application.scheduler import Scheduler
from services.notify.application.service import NotifyService
from services.notify.domain.next_due import NextDue
from services.notify.domain.plan import DepartmentTarget
from services.notify.domain.quiet import QuietHours
from services.notify.entrypoints.amqp import subscribe
from services.notify.entrypoints.http import build_router
from services.notify.settings import NotifySettings
from shared import topology
from shared.contracts.registry import message_type
from shared.keys_consumer import subscribe_key_changes
from shared.service import ServiceRuntime

NAME = "notify"


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def build_providers(settings: NotifySettings, client: httpx.AsyncClient) -> dict[str, Provider]:
    return {
        "email": SmtpEmail(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from,
                           username=settings.smtp_username, password=settings.smtp_password,
                           use_tls=settings.smtp_use_tls, start_tls=settings.smtp_start_tls,
                           timeout_s=settings.provider_timeout_s),
        "sms": HttpSms(url=settings.sms_gateway_url, token=settings.sms_gateway_token,
                       sender=settings.sms_sender, timeout_s=settings.provider_timeout_s),
        "webhook": Webhook(client, default_secret=settings.signing_secret),
    }


def department_targets(settings: NotifySettings) -> dict[str, DepartmentTarget]:
    return {code: DepartmentTarget(code, c.webhook_url, tuple(c.emails), c.webhook_secret)
            for code, c in settings.department_contacts.items()}


def create_app(settings: NotifySettings | None = None, *, clock: Clock | None = None,
               providers: dict[str, Provider] | None = None) -> FastAPI:
    settings = settings or NotifySettings()
    clock = clock or SystemClock()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues(),
                             indexes=[*indexes(), *erasure_indexes()])
    subscribe_key_changes(runtime)
    relay = runtime.add_relay(NOTIFICATIONS)
    next_due = NextDue(settings.scheduler_rescan_s)
    store = NotifyStore(runtime.db, on_scheduled=next_due.note)
    client = httpx.AsyncClient(timeout=settings.provider_timeout_s)
    templates = Templates(settings.templates_dir, zone=settings.timezone, sms_max_segments=settings.sms_max_segments,
                          national_shift=settings.sms_turkish_shift)
    providers = providers or build_providers(settings, client)
    dispatcher = Dispatcher(store, providers, templates, clock,
                            QuietHours.parse(settings.quiet_start, settings.quiet_end, settings.timezone),
                            NotifyMetrics(runtime.telemetry.meter_provider), relay, lease_s=settings.lease_s,
                            secret=settings.irtibat_secret)
    service = NotifyService(store, dispatcher, department_targets(settings),
                            gap_wait_retries=settings.gap_wait_retries,
                            opt_out_keywords=settings.sms_opt_out_keywords,
                            opt_in_keywords=settings.sms_opt_in_keywords, erasure=ErasureStore(runtime.db),
                            erasure_relay=runtime.add_relay(ERASURES), secret=settings.irtibat_secret)
    scheduler = Scheduler(store, dispatcher, clock, interval_s=settings.scheduler_interval_s,
                          lease_s=settings.lease_s, max_attempts=settings.scheduled_max_attempts,
                          retry_base_ms=settings.retry_base_ms, retry_max_ms=settings.retry_max_ms,
                          next_due=next_due)
    subscribe(runtime, service)
    runtime.document_publishers([message_type(t) for t in
                                 ("notification.sent", "notification.failed", "citizen.erasure_completed")])
    retention = NotifyRetention(runtime.db, settings.retention_days, settings.retention_interval_s)
    runtime.on_start.extend([scheduler.start, retention.start])
    runtime.on_stop.extend([scheduler.stop, retention.stop, client.aclose])
    sms = providers.get("sms")
    if isinstance(sms, HttpSms):  # closes only the aiohttp session it created itself
        runtime.on_stop.append(sms.aclose)
    app = runtime.create_app(
        title="İrtibat notify",
        description="Tells citizens and departments what happened to an application or registration, on the "
                    "channels they consented to, exactly once: delivery log, SMS preferences, provider callbacks.",
        routers=[build_router(store, service, clock, settings.inbound_token)])
    app.state.notify = {"store": store, "dispatcher": dispatcher, "scheduler": scheduler, "service": service}
    app.state.retention = retention
    return app
