"""Print the RabbitMQ definitions generated from shared/topology.py (deploy/rabbitmq/definitions.json).

Beyond the topology (exchanges, queues, bindings) the document names the broker's users and
what each may do, without passwords: a user imported without one cannot log in until a
password is set at deploy time (deploy/rabbitmq/set-passwords.sh, docs/deploy.md).

    python -m tools.definitions > deploy/rabbitmq/definitions.json     (make definitions)
"""

import json

from shared import topology
from shared.topology import COMMANDS, DEPARTMENT_QUEUES, case_update_key, definitions

VHOST = "/"
SERVICES_USER = "irtibat-services"  # the four services: they declare the whole topology at start-up
OPS_USER = "irtibat-ops"  # people in the management UI
MONITORING_USER = "irtibat-monitoring"  # KEDA's queue-length scaler (management HTTP API, read-only)
NOTHING = "^$"


def department_user(code: str) -> str:
    return f"dept-{code}"


def _exact(name: str) -> str:
    return "^" + name.replace(".", r"\.") + "$"


def _department_codes() -> list[str]:
    return [q.name.removeprefix("dept.") for q in DEPARTMENT_QUEUES]


def users() -> list[dict]:
    found = [
        {"name": SERVICES_USER, "tags": [], "limits": {}},
        {"name": OPS_USER, "tags": ["administrator"], "limits": {}},
        {"name": MONITORING_USER, "tags": ["monitoring"], "limits": {}},
    ]
    found += [{"name": department_user(code), "tags": [], "limits": {}} for code in _department_codes()]
    return found


def permissions() -> list[dict]:
    everything = {"configure": ".*", "write": ".*", "read": ".*"}
    found = [
        {"user": SERVICES_USER, "vhost": VHOST, **everything},
        {"user": OPS_USER, "vhost": VHOST, **everything},
        {"user": MONITORING_USER, "vhost": VHOST, "configure": NOTHING, "write": NOTHING, "read": NOTHING},
    ]
    # A department reads only its own work queue and writes only to the commands exchange; the
    # topic permission below narrows that write to its own case.update.<code> routing key.
    found += [
        {"user": department_user(code), "vhost": VHOST, "configure": NOTHING,
         "write": _exact(COMMANDS), "read": _exact(topology.department_queue(code))}
        for code in _department_codes()
    ]
    return found


def topic_permissions() -> list[dict]:
    return [
        {"user": department_user(code), "vhost": VHOST, "exchange": COMMANDS,
         "write": _exact(case_update_key(code)), "read": NOTHING}
        for code in _department_codes()
    ]


def build() -> dict:
    document = definitions()
    return {"users": users(), "vhosts": document["vhosts"], "permissions": permissions(),
            "topic_permissions": topic_permissions(), "exchanges": document["exchanges"],
            "queues": document["queues"], "bindings": document["bindings"]}


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
