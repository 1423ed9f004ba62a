"""AMQP subscribers, HTTP routers and the SLA scheduler loop."""
