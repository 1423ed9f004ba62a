"""`make bench`: drives applications through the real pipeline (HTTP intake → outbox → RabbitMQ →
routing → `dept.<code>`) with an open-loop load generator in its own process, and reports
throughput, latency, losses, CPU per application and peak memory of every process."""
