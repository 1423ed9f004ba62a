"""A burst of applications: every citizen gets exactly one SMS and one e-mail; the rate is printed.

    .venv/bin/python -m tests.integration.test_notify_throughput 300   # the figure in docs/notify.md
"""

import asyncio
import sys
import time
from collections import Counter

import aio_pika
import pytest

from shared.contracts.envelope import envelope
from tests.integration.test_notify_helpers import email, notify_env, phone, registered, tracking_no, until

pytestmark = pytest.mark.integration


async def burst(env, n: int) -> float:
    people = [(tracking_no(), phone(), email()) for _ in range(n)]
    messages = [envelope(registered(tn, phone=tel, email=mail), producer="bench") for tn, tel, mail in people]
    conn = await aio_pika.connect(env.rabbit_url)
    async with conn:
        ch = await conn.channel(publisher_confirms=True)
        ex = await ch.get_exchange("irtibat.events", ensure=False)
        started = time.monotonic()
        await asyncio.gather(*(ex.publish(aio_pika.Message(m.body.encode(), message_id=m.message_id, type=m.type,
                                                           correlation_id=m.correlation_id), routing_key=m.routing_key)
                               for m in messages))

        async def all_sent():
            return await env.store.notifications.count_documents({"status": "sent"}) >= 2 * n

        await until(all_sent, timeout=60 + n / 5, what=f"{2 * n} notifications sent")
        elapsed = time.monotonic() - started
    phones = Counter(m["to"] for m in env.sms.received())
    assert all(phones[tel] == 1 for _, tel, _ in people)
    mails = Counter(m["To"] for m in env.mail.messages())
    assert all(mails[mail] == 1 for _, _, mail in people)
    return elapsed


async def test_a_burst_of_applications_is_notified_exactly_once(rabbit_url, mongo_url):
    async with notify_env(rabbit_url, mongo_url) as env:
        n = 40
        elapsed = await burst(env, n)
        print(f"\n{n} request.registered → {2 * n} notifications in {elapsed:.1f}s ({2 * n / elapsed:.0f}/s)")


async def _main(n: int) -> None:
    from tests.support.infra import MongoStandIn, RabbitVhost

    mongo, vhost = MongoStandIn().start(), RabbitVhost().create()
    try:
        async with notify_env(vhost.url, mongo.url) as env:
            elapsed = await burst(env, n)
        print(f"{n} request.registered → {2 * n} notifications (SMS + e-mail) sent in {elapsed:.1f}s: "
              f"{2 * n / elapsed:.0f} notifications/s, {n / elapsed:.0f} applications/s")
    finally:
        vhost.delete()
        mongo.stop()


if __name__ == "__main__":
    asyncio.run(_main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
