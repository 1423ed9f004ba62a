"""Print the RabbitMQ definitions generated from shared/topology.py (deploy/rabbitmq/definitions.json)."""

import json

from shared.topology import definitions

if __name__ == "__main__":
    print(json.dumps(definitions(), indent=2, ensure_ascii=False))
