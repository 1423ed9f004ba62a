"""What the use cases need from the outside: storage (adapters/) and the outbox relay."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.events.adapters.mongo import EventStore
from services.events.adapters.registrations import RegistrationStore

Submit = Callable[[dict[str, Any]], None]


@dataclass
class Ports:
    events: EventStore
    registrations: RegistrationStore
    submit: Submit  # hands a written document with outbox messages to the relay (fast path)
    submit_erasure: Submit  # the same for erasure reports
    erasure_secret: str  # HMAC key of erasure subjects (shared by every service)

    def publish_erasure(self, doc: dict[str, Any]) -> None:
        self.submit_erasure(doc)

    def publish_after(self, doc: dict[str, Any] | None) -> None:
        if doc is not None and doc.get("outbox"):
            self.submit(doc)
