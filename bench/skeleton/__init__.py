"""The skeleton pipeline: İrtibat's message flow with none of its business, on the same stack.

Each hop does only what a hop cannot avoid (one MongoDB write per message consumed, one confirmed
publish per message sent on), so what the skeleton reaches on a machine is what any pipeline of
that shape can reach there with FastAPI, FastStream/aio-pika, PyMongo, the Mongo stand-in and
RabbitMQ's quorum queues. Two shapes (`shapes.py`): the issue's two-hop reference, and the flow
DESIGN.md prescribes (every hop and delivery the real pipeline has per application). Run it with
`python -m bench.skeleton`; see docs/performance.md.
"""
