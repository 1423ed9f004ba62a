"""The `apikey.changed` consumer every service but intake runs, keeping its own copy of the keys."""

from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitQueue

from shared import topology
from shared.contracts.intake import ApiKeyChanged
from shared.service import ServiceRuntime


def subscribe_key_changes(runtime: ServiceRuntime) -> None:
    queue = next(q for q in topology.APIKEY_QUEUES if q.service == runtime.name)

    @runtime.broker.subscriber(RabbitQueue(queue.name, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR,
                               title=f"{queue.name}:consume",
                               description="Keeps this service's copy of the API keys (apikey.changed)")
    async def on_key_changed(change: ApiKeyChanged) -> None:
        await runtime.keys.apply_change(change)
