"""The tests' private RabbitMQ vhosts: made and removed through the management API, and through
rabbitmqctl when the API is not there."""

import subprocess

import aio_pika
import pytest

from tests.support import infra

pytestmark = pytest.mark.integration


def vhosts() -> set[str]:
    listed = subprocess.run(["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, check=True)
    return set(listed.stdout.split())


async def usable(vhost: infra.RabbitVhost) -> bool:
    connection = await aio_pika.connect(vhost.url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        return queue.name.startswith("amq.gen-")


@pytest.mark.parametrize("management_port", [infra.RABBIT_MANAGEMENT_PORT, None], ids=["api", "rabbitmqctl"])
async def test_a_vhost_is_made_usable_for_guest_and_removed(management_port, monkeypatch):
    if management_port is None:  # nothing listens there: the API is away
        monkeypatch.setattr(infra, "RABBIT_MANAGEMENT_PORT", infra.free_port())
    vhost = infra.RabbitVhost().create()
    try:
        assert vhost.name in vhosts()
        assert await usable(vhost)
    finally:
        vhost.delete()
    assert vhost.name not in vhosts()
