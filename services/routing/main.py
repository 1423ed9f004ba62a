"""Wires the routing service: runtime, subscribers, HTTP routers."""

from fastapi import FastAPI

from services.routing.settings import RoutingSettings
from shared import topology
from shared.keys_consumer import subscribe_key_changes
from shared.service import ServiceRuntime

NAME = "routing"


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: RoutingSettings | None = None) -> FastAPI:
    settings = settings or RoutingSettings()
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues())
    subscribe_key_changes(runtime)
    return runtime.create_app(title="İrtibat routing", description="İrtibat routing service")
