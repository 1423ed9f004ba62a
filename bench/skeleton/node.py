"""One process of the skeleton pipeline: `python -m bench.skeleton.node SHAPE ROLE`.

Every process serves HTTP on $PORT under uvicorn like the real services (`/health/ready` once its
consumers run); the entry process also takes `POST /v1/requests`. $RABBIT_URL, $MONGO_URL and
$MONGO_DATABASE say where the rest is. With $SKELETON_BATCHED=1 the writes go through
`shared.batching` as the services' writes do: one command for all that queued up while the previous
one was out.
"""

import asyncio
import json
import logging
import os
import sys
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aio_pika
import uvicorn
from fastapi import FastAPI, Request, Response
from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, RabbitBroker, RabbitQueue
from pymongo import AsyncMongoClient

from bench.skeleton.shapes import EXCHANGE, SHAPES, Hop
from shared.batching import BatchedInserts, BatchedUpdates

PREFETCH = 200  # as the services' consumers


class Publisher:
    """Confirmed, persistent, mandatory publishes on a channel of its own (as the outbox relays)."""

    def __init__(self, url: str):
        self.url = url
        self._connection: aio_pika.abc.AbstractConnection | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None

    async def start(self) -> None:
        self._connection = await aio_pika.connect(self.url)
        channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        self._exchange = await channel.get_exchange(EXCHANGE, ensure=False)

    async def publish(self, body: dict, keys: tuple[str, ...]) -> None:
        await asyncio.gather(*(self._exchange.publish(
            aio_pika.Message(json.dumps({**body, "type": key}).encode(), content_type="application/json",
                             delivery_mode=aio_pika.DeliveryMode.PERSISTENT, message_id=uuid.uuid4().hex),
            routing_key=key, mandatory=True) for key in keys))

    async def stop(self) -> None:
        if self._connection is not None:
            await self._connection.close()


class Node:
    def __init__(self, shape: str, role: str, rabbit_url: str, mongo_url: str, database: str,
                 batched: bool = False):
        self.hops: tuple[Hop, ...] = SHAPES[shape].processes[role]
        self.mongo = AsyncMongoClient(mongo_url)
        self.db = self.mongo[database]
        self.batched = batched
        self._inserts: dict[str, BatchedInserts] = {}
        self._updates: dict[str, BatchedUpdates] = {}
        self.publisher = Publisher(rabbit_url)
        self.broker = RabbitBroker(rabbit_url, default_channel=Channel(prefetch_count=PREFETCH),
                                   log_level=logging.DEBUG)
        for hop in self.hops:
            self._subscribe(hop)
        self.ready = False

    def _subscribe(self, hop: Hop) -> None:
        @self.broker.subscriber(RabbitQueue(hop.queue, declare=False), ack_policy=AckPolicy.NACK_ON_ERROR)
        async def consume(body: dict) -> None:
            await self.handle(hop, body)

    async def handle(self, hop: Hop, body: dict) -> None:
        tracking_no, now = body["tracking_no"], datetime.now(UTC).isoformat()
        if hop.write == "update":
            await self.update(hop.collection, {"_id": tracking_no},
                              {"$set": {"status": body["type"], "updated_at": now}})
        else:
            await self.insert(hop.collection, {"_id": f"{body['type']}:{tracking_no}", "at": now})
        if hop.publishes:
            await self.publisher.publish({"tracking_no": tracking_no, "registered_at": body["registered_at"]},
                                         hop.publishes)

    async def register(self, application: dict) -> str:
        tracking_no, now = uuid.uuid4().hex, datetime.now(UTC).isoformat()
        await self.insert("applications", {"_id": tracking_no, "application": application,
                                           "status": "registered", "registered_at": now})
        await self.publisher.publish({"tracking_no": tracking_no, "registered_at": now}, ("registered",))
        return tracking_no

    async def insert(self, collection: str, doc: dict) -> None:
        if not self.batched:
            await self.db[collection].insert_one(doc)
        elif not await self._inserts.setdefault(collection, BatchedInserts(self.db[collection])).insert(doc):
            raise RuntimeError(f"{doc['_id']} was already in {collection}")

    async def update(self, collection: str, flt: dict, update: dict) -> None:
        if not self.batched:
            await self.db[collection].update_one(flt, update)
        else:
            await self._updates.setdefault(collection, BatchedUpdates(self.db[collection])).update(flt, update)

    async def start(self) -> None:
        await self.publisher.start()
        await self.broker.start()
        self.ready = True

    async def stop(self) -> None:
        await self.broker.stop()
        await self.publisher.stop()
        await self.mongo.close()


def create_app(node: Node, entry: bool) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI):
        await node.start()
        yield
        await node.stop()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health/live")
    async def live() -> dict:
        return {"status": "ok"}

    @app.get("/health/ready")
    async def ready(response: Response) -> dict:
        response.status_code = 200 if node.ready else 503
        return {"ready": node.ready}

    if entry:
        @app.post("/v1/requests", status_code=201)
        async def register(request: Request) -> dict:
            return {"tracking_no": await node.register(json.loads(await request.body()))}

    return app


def main() -> None:
    shape, role = sys.argv[1], sys.argv[2]
    node = Node(shape, role, os.environ["RABBIT_URL"], os.environ["MONGO_URL"],
                os.environ.get("MONGO_DATABASE", "skeleton"), batched=os.environ.get("SKELETON_BATCHED") == "1")
    uvicorn.run(create_app(node, entry=role == "entry"), host="127.0.0.1", port=int(os.environ["PORT"]),
                log_config=None, access_log=False)


if __name__ == "__main__":
    main()
