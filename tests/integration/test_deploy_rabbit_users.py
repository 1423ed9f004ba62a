"""The department users of deploy/rabbitmq/definitions.json, imported into a private vhost of the
machine's RabbitMQ and given a password by deploy/rabbitmq/set-passwords.sh, can do exactly what
DESIGN.md allows: read their own dept.<code> queue, publish only case.update.<code>."""

import asyncio
import json
import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import aio_pika
import pytest
from aio_pika.exceptions import AMQPConnectionError
from aiormq.exceptions import ChannelAccessRefused

from shared import topology
from tests.support.infra import RABBIT_HOST, RABBIT_PORT, RabbitVhost
from tools import definitions as gen

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "rabbitmq" / "set-passwords.sh"
KEPT_QUEUES = {"dept.kaski", "dept.zabita", topology.ROUTING_CASE_UPDATE.name}
PASSWORD = "kaski-" + uuid.uuid4().hex


def _private_definitions(vhost: str, prefix: str) -> dict:
    """Two department users (renamed, as users are broker-wide) and their queues, in our vhost."""
    doc = gen.build()
    users = {gen.department_user("kaski"), gen.department_user("zabita")}

    def mine(items: list[dict], key: str) -> list[dict]:
        return [{**i, key: prefix + i[key], "vhost": vhost} for i in items if i[key] in users]

    return {
        "users": [{**u, "name": prefix + u["name"]} for u in doc["users"] if u["name"] in users],
        "vhosts": [{"name": vhost}],
        "permissions": mine(doc["permissions"], "user"),
        "topic_permissions": mine(doc["topic_permissions"], "user"),
        "exchanges": [{**e, "vhost": vhost} for e in doc["exchanges"]],
        "queues": [{**q, "vhost": vhost} for q in doc["queues"] if q["name"] in KEPT_QUEUES],
        "bindings": [{**b, "vhost": vhost} for b in doc["bindings"] if b["destination"] in KEPT_QUEUES],
    }


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    vhost = RabbitVhost().create()
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    folder = tmp_path_factory.mktemp("rabbit-users")
    document = folder / "definitions.json"
    document.write_text(json.dumps(_private_definitions(vhost.name, prefix)))
    users_dir = folder / "users"
    users_dir.mkdir()
    (users_dir / f"{prefix}dept-kaski").write_text(PASSWORD + "\n")  # a Secret's file may end in a newline
    flag = folder / "ready"
    try:
        # Debian's rabbitmqctl runs as the rabbitmq user, who cannot read pytest's private tmp.
        readable = Path(tempfile.mkstemp(prefix="irtibat-definitions-", suffix=".json")[1])
        readable.write_text(document.read_text())
        readable.chmod(0o644)
        try:
            subprocess.run(["rabbitmqctl", "-q", "import_definitions", str(readable)], check=True,
                           capture_output=True, timeout=60)
        finally:
            readable.unlink()
        env = {k: v for k, v in os.environ.items() if not k.startswith("IRTIBAT_") or not k.endswith("_PASSWORD")}
        done = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, timeout=120,
                              env={**env, "RABBITMQ_USERS_DIR": str(users_dir), "RABBITMQ_USERS_FLAG": str(flag)})
        yield {"vhost": vhost.name, "kaski": f"{prefix}dept-kaski", "zabita": f"{prefix}dept-zabita",
               "script": done, "flag": flag}
    finally:
        for user in ("dept-kaski", "dept-zabita"):
            subprocess.run(["rabbitmqctl", "-q", "delete_user", prefix + user], capture_output=True, timeout=60)
        vhost.delete()


def _url(user: str, password: str, vhost: str) -> str:
    return f"amqp://{user}:{password}@{RABBIT_HOST}:{RABBIT_PORT}/{vhost}"


async def _get(channel, queue_name: str, timeout: float = 10.0):
    queue = await channel.get_queue(queue_name, ensure=False)
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        message = await queue.get(no_ack=True, fail=False)
        if message is not None:
            return message
        await asyncio.sleep(0.05)
    return None


async def _publish(url: str, exchange: str, key: str, body: bytes) -> None:
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        target = await channel.get_exchange(exchange, ensure=False)
        await target.publish(aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT), key,
                             mandatory=False)
    finally:
        await connection.close()


def test_the_script_sets_the_given_password_and_marks_itself_done(broker):
    done = broker["script"]
    assert done.returncode == 0, done.stderr
    assert f"password set for {broker['kaski']}" in done.stdout
    assert broker["flag"].exists()


async def test_department_reads_its_own_queue_only(broker):
    guest = _url("guest", "guest", broker["vhost"])
    for code in ("kaski", "zabita"):
        await _publish(guest, topology.DEPARTMENTS, code, f"work item for {code}".encode())
    connection = await aio_pika.connect(_url(broker["kaski"], PASSWORD, broker["vhost"]))
    try:
        channel = await connection.channel()
        message = await _get(channel, "dept.kaski")
        assert message is not None and message.body == b"work item for kaski"
        with pytest.raises(ChannelAccessRefused):
            await _get(await connection.channel(), "dept.zabita")
        with pytest.raises(ChannelAccessRefused):
            await (await connection.channel()).declare_queue(f"kaski-own-{uuid.uuid4().hex[:6]}")
    finally:
        await connection.close()


async def test_department_publishes_only_its_own_case_updates(broker):
    kaski = _url(broker["kaski"], PASSWORD, broker["vhost"])
    await _publish(kaski, topology.COMMANDS, "case.update.kaski", b"kaski acknowledges")
    connection = await aio_pika.connect(_url("guest", "guest", broker["vhost"]))
    try:
        received = await _get(await connection.channel(), topology.ROUTING_CASE_UPDATE.name)
        assert received is not None and received.body == b"kaski acknowledges"
    finally:
        await connection.close()
    with pytest.raises(ChannelAccessRefused):
        await _publish(kaski, topology.COMMANDS, "case.update.zabita", b"not my case")
    with pytest.raises(ChannelAccessRefused):
        await _publish(kaski, topology.EVENTS, "case.status_changed", b"forged event")


async def test_a_user_given_no_password_cannot_log_in(broker):
    for password in ("", "guess"):
        # Built by hand so the refused connection is closed here, not half-open at garbage collection.
        connection = aio_pika.Connection(_url(broker["zabita"], password, broker["vhost"]))
        try:
            with pytest.raises(AMQPConnectionError):
                await connection.connect()
        finally:
            await connection.close()
