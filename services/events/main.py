"""Wires the events service: runtime, subscribers, HTTP routers."""

from fastapi import FastAPI

from services.events.settings import EventsSettings
from shared import topology
from shared.keys_consumer import subscribe_key_changes
from shared.service import ServiceRuntime

NAME = "events"


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: EventsSettings | None = None) -> FastAPI:
    settings = settings or EventsSettings()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues())
    subscribe_key_changes(runtime)
    return runtime.create_app(title="İrtibat events", description="İrtibat events service")
