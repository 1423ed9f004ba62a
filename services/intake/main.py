"""Wires the intake service: runtime, subscribers, HTTP routers."""

from fastapi import FastAPI

from services.intake.settings import IntakeSettings
from shared import topology
from shared.service import ServiceRuntime

NAME = "intake"


def consumer_queues() -> list[topology.ConsumerQueue]:
    return [q for q in topology.CONSUMER_QUEUES if q.service == NAME]


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    # Intake's HTTP side stays ready while the broker is down: the outbox holds its messages.
    runtime = ServiceRuntime(NAME, settings, consumer_queues=consumer_queues(), ready_requires_broker=False)
    return runtime.create_app(title="İrtibat intake", description="Every channel's way in")
