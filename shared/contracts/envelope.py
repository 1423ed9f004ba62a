"""The message envelope (DESIGN.md): AMQP properties and headers around a contract payload."""

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from shared.contracts.common import Contract
from shared.contracts.registry import message_type_for
from shared.ids import new_uuid


class OutgoingMessage(BaseModel):
    """A message ready to publish: stored as-is in an outbox, so it must be plain data."""

    message_id: str = Field(default_factory=new_uuid)
    exchange: str
    routing_key: str
    type: str
    schema_: str = Field(alias="schema")
    correlation_id: str | None = None
    causation_id: str | None = None
    producer: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    body: str = Field(..., description="JSON of the payload")
    # W3C trace context of the code that wrote the message, so a late publish joins its trace.
    trace_context: dict[str, str] = Field(default_factory=dict)
    expiration_ms: int | None = None

    model_config = {"populate_by_name": True}

    def headers(self) -> dict[str, Any]:
        headers: dict[str, Any] = {"schema": self.schema_, "producer": self.producer}
        if self.causation_id:
            headers["causation_id"] = self.causation_id
        return headers

    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


def envelope(
    payload: Contract,
    *,
    producer: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    routing_key: str | None = None,
    message_id: str | None = None,
    trace_context: dict[str, str] | None = None,
) -> OutgoingMessage:
    """Wrap a payload with its registered type; the routing key defaults to the type name."""
    mtype = message_type_for(type(payload))
    return OutgoingMessage(
        message_id=message_id or new_uuid(),
        exchange=mtype.exchange,
        routing_key=routing_key or mtype.name,
        type=mtype.name,
        schema=mtype.schema,
        correlation_id=correlation_id,
        causation_id=causation_id,
        producer=producer,
        body=payload.model_dump_json(),
        trace_context=trace_context or {},
    )
