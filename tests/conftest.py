"""Shared fixtures: the Mongo stand-in on a free port for the session, and a private RabbitMQ vhost
for each test module, so that no module's leftover messages or consumers meet another's."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.infra import MongoStandIn, RabbitVhost  # noqa: E402


@pytest.fixture(scope="session")
def mongo_server():
    server = MongoStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mongo_url(mongo_server) -> str:
    return mongo_server.url


@pytest.fixture(scope="module")
def rabbit_vhost():
    vhost = RabbitVhost().create()
    yield vhost
    vhost.delete()


@pytest.fixture(scope="module")
def rabbit_url(rabbit_vhost) -> str:
    return rabbit_vhost.url


@pytest.fixture(autouse=True)
def _local_profile(monkeypatch):
    monkeypatch.setenv("IRTIBAT_ENV", os.environ.get("TEST_IRTIBAT_ENV", "local"))
