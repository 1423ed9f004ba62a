"""A private RabbitMQ node for fault tests: its own node name, ports, data and log folders, cookie
and (empty) plugin list, so stopping or restarting it never disturbs the machine's shared broker.

The node runs in the foreground as a child process of the test (its own process group), and is
stopped with `rabbitmqctl -n <node> stop`. `restart()` stops the whole node and starts it again on
the same ports and data folder: durable queues and persistent messages survive, clients see every
connection drop, exactly like a broker restart in production.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.support.infra import free_port, wait_port

# The Debian wrappers in /usr/sbin switch to the rabbitmq user with `su`; the scripts behind them
# run as the caller, with our own HOME (so our own Erlang cookie) and our own data folder.
SBIN = Path("/usr/lib/rabbitmq/bin")


def available() -> bool:
    return (SBIN / "rabbitmq-server").exists() and (SBIN / "rabbitmqctl").exists()


class RabbitNode:
    def __init__(self) -> None:
        self.name = f"irtibat-fault-{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.dist_port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="irtibat-rabbit-"))
        self.process: subprocess.Popen | None = None
        (self.base / "rabbitmq.conf").write_text(
            f"listeners.tcp.1 = 127.0.0.1:{self.port}\n"
            "loopback_users = none\n"
            # A loaded test machine: do not refuse publishers for a full disk or memory watermark.
            "disk_free_limit.absolute = 50MB\n"
            "vm_memory_high_watermark.relative = 0.8\n")
        (self.base / "enabled_plugins").write_text("[].\n")
        (self.base / "rabbitmq-env.conf").write_text("")

    @property
    def env(self) -> dict[str, str]:
        b = self.base
        return {
            **os.environ,
            "HOME": str(b),
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(b / "mnesia"),
            "RABBITMQ_LOG_BASE": str(b / "log"),
            "RABBITMQ_CONFIG_FILE": str(b / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(b / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(b / "rabbitmq-env.conf"),
            "RABBITMQ_PID_FILE": str(b / "node.pid"),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def url(self, vhost: str = "/") -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{vhost.replace('/', '%2F')}"

    def ctl(self, *args: str, timeout: float = 60.0) -> str:
        done = subprocess.run([str(SBIN / "rabbitmqctl"), "-q", "-n", self.name, *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {done.returncode} {done.stderr[-2000:]}")
        return done.stdout

    def start(self, timeout: float = 90.0) -> "RabbitNode":
        log = open(self.base / "stdout.log", "ab")
        self.process = subprocess.Popen([str(SBIN / "rabbitmq-server")], env=self.env, cwd=self.base,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"RabbitMQ node {self.name} exited: {self.tail()}")
            try:
                # await_startup fails at once while the node is not yet registered with epmd.
                self.ctl("await_startup", "--timeout", "30", timeout=40)
                break
            except (RuntimeError, subprocess.TimeoutExpired):
                if time.monotonic() > deadline:
                    self.kill()
                    raise TimeoutError(f"RabbitMQ node {self.name} not up after {timeout}s: {self.tail()}")
                time.sleep(0.5)
        wait_port(self.port, timeout=30)
        return self

    def stop(self) -> None:
        """Stop the node cleanly (its data stays)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.ctl("stop", timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart(self) -> "RabbitNode":
        self.stop()
        return self.start()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def destroy(self) -> None:
        self.stop()
        self.kill()
        shutil.rmtree(self.base, ignore_errors=True)

    def add_vhost(self, name: str) -> str:
        self.ctl("add_vhost", name)
        self.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return self.url(name)

    def queue_depths(self, vhost: str) -> dict[str, int]:
        out = self.ctl("list_queues", "-p", vhost, "name", "messages", "--no-table-headers")
        depths = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                depths[parts[0]] = int(parts[1])
        return depths

    def tail(self, chars: int = 3000) -> str:
        texts = [p.read_text(errors="replace") for p in sorted(self.base.glob("**/*.log"))]
        return "\n".join(texts)[-chars:]
