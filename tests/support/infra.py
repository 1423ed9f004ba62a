"""Start what the tests need: the Mongo stand-in on a free port, a private RabbitMQ vhost,
and services as separate processes."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
RABBIT_HOST = os.environ.get("TEST_RABBIT_HOST", "127.0.0.1")
RABBIT_PORT = int(os.environ.get("TEST_RABBIT_PORT", "5672"))
RABBIT_MANAGEMENT_PORT = int(os.environ.get("TEST_RABBIT_MANAGEMENT_PORT", "15672"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 20.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex((host, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


@dataclass
class MongoStandIn:
    """nx-27017 on its own port, data folder and pid file."""

    port: int = field(default_factory=free_port)
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="irtibat-nx-")))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}"

    def start(self) -> "MongoStandIn":
        with open(self.data_dir / "server.log", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [str(VENV_BIN / "nx-27017"), "--data-dir", str(self.data_dir), "--port", str(self.port),
                 "--pid-file", str(self.data_dir / "nx.pid"), "--log-file", str(self.data_dir / "nx.log")],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(self.port)
        return self

    def stop(self, *, keep_data: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


def _management(method: str, path: str, body: dict | None = None) -> bool:
    """A call to RabbitMQ's management API; False when the API is not there (then rabbitmqctl)."""
    try:
        response = httpx.request(method, f"http://{RABBIT_HOST}:{RABBIT_MANAGEMENT_PORT}/api/{path}", json=body,
                                 auth=("guest", "guest"), timeout=30)
    except httpx.HTTPError:
        return False
    return response.status_code < 300 or (method == "DELETE" and response.status_code == 404)


@dataclass
class RabbitVhost:
    """A private vhost on the machine's RabbitMQ, so that no other test's messages or consumers
    meet this one's. Made through the management API when it is there (milliseconds; rabbitmqctl
    takes about a second per call)."""

    name: str = field(default_factory=lambda: f"irtibat-test-{uuid.uuid4().hex[:8]}")

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@{RABBIT_HOST}:{RABBIT_PORT}/{self.name}"

    def create(self) -> "RabbitVhost":
        if not (_management("PUT", f"vhosts/{self.name}")
                and _management("PUT", f"permissions/{self.name}/guest",
                                {"configure": ".*", "write": ".*", "read": ".*"})):
            rabbitmqctl("add_vhost", self.name)
            rabbitmqctl("set_permissions", "-p", self.name, "guest", ".*", ".*", ".*")
        return self

    def delete(self) -> None:
        if _management("DELETE", f"vhosts/{self.name}"):
            return
        try:
            rabbitmqctl("delete_vhost", self.name)
        except subprocess.CalledProcessError:
            pass


PORTS_BASE = {"intake": 0, "routing": 1, "notify": 2, "events": 3}


@dataclass
class ServiceProcess:
    name: str
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    log_path: Path = field(default_factory=lambda: Path(tempfile.mkstemp(prefix="irtibat-svc-", suffix=".log")[1]))
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServiceProcess":
        env = {**os.environ, **self.env, "HTTP_PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", f"services.{self.name}"], cwd=ROOT, env=env,
                                        stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 60.0) -> "ServiceProcess":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.base_url}/health/ready", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready after {timeout}s: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running(procs: Mapping[str, ServiceProcess] | Iterable[ServiceProcess], timeout: float = 60.0) -> Iterator[None]:
    """Start every process not started yet and wait until each is ready; every one is stopped on
    the way out, also when a start, a wait or a stop fails part-way."""
    each = list(procs.values() if isinstance(procs, Mapping) else procs)
    with ExitStack() as stops:
        # Registered in reverse because an ExitStack unwinds last-in first-out: they stop in the given order.
        for proc in reversed(each):
            stops.callback(proc.stop)
        for proc in each:
            if proc.process is None:
                proc.start()
        for proc in each:
            proc.wait_ready(timeout)
        yield
