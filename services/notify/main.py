"""Wires the notify service: runtime, subscribers, HTTP routers."""

from fastapi import FastAPI

from services.notify.settings import NotifySettings
from shared import topology
from shared.keys_consumer import subscribe_key_changes
from shared.service import ServiceRuntime

NAME = "notify"


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    settings = settings or NotifySettings()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues())
    subscribe_key_changes(runtime)
    return runtime.create_app(title="İrtibat notify", description="İrtibat notify service")
