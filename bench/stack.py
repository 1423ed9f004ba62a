"""The stack under test: use what is already running, start what is not (tools/localstack.py),
start extra copies of a service on free ports with the running copy's environment, and stop
exactly what this run started."""

import os
import signal
import subprocess
import time
from dataclasses import dataclass

from bench import procs
from services.notify.settings import NotifySettings
from tools import localstack

PIPELINE = ("intake", "routing", "notify")
GATEWAYS = ("dev-gateways", "services.notify.dev_gateways", 8025)
DEFAULT_RABBIT_URL = "amqp://guest:guest@127.0.0.1:5672/"
# Quiet hours (22:00-08:00 in Istanbul) defer every SMS to the morning, so a run at night would
# measure less of notify's work than one by day. The notify the bench starts sends at any hour.
SENDS_AT_ANY_HOUR = {"QUIET_START": "00:00", "QUIET_END": "00:00"}


def own_environment(name: str) -> dict[str, str]:
    """What the bench sets for a service it starts, beyond the common settings."""
    return dict(SENDS_AT_ANY_HOUR) if name == "notify" else {}


def quiet_hours_note(environ: dict[str, str]) -> str:
    """How the notify that was already running treats SMS at night (from its environment)."""
    fields = NotifySettings.model_fields
    start = environ.get("QUIET_START", fields["quiet_start"].default)
    end = environ.get("QUIET_END", fields["quiet_end"].default)
    if start == end:
        return "notify sends SMS at any hour (quiet hours off)"
    return (f"notify keeps quiet hours {start}-{end}: SMS written then wait for the morning, so a run in those "
            "hours measures less of notify's work (make down, and the bench starts a notify without them)")


@dataclass
class Member:
    label: str
    pid: int
    started: bool = False
    port: int | None = None
    leader: int | None = None  # process group to signal when this run started it
    measured: bool = True


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, timeout: float, what: str) -> None:
    localstack.wait(lambda: localstack.ready(port), timeout, what)


class Stack:
    def __init__(self) -> None:
        self.members: list[Member] = []
        self.rabbit_url = DEFAULT_RABBIT_URL
        self.notes: list[str] = []
        self.mongo_ops_stats: str | None = None

    def url(self, label: str) -> str:
        member = next(m for m in self.members if m.label == label)
        return f"http://127.0.0.1:{member.port}"

    def intake_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{m.port}" for m in self.members if m.label.split("#")[0] == "intake"]

    def up(self, mongo_ops: bool = False) -> None:
        localstack.ensure_rabbit()
        mongo_was_up = localstack.port_open(localstack.MONGO_PORT)
        localstack.ensure_mongo()
        mongo_pid = procs.pid_listening(localstack.MONGO_PORT)
        if mongo_pid:
            self.members.append(Member("mongo", mongo_pid, started=not mongo_was_up, port=localstack.MONGO_PORT,
                                       leader=None if mongo_was_up else localstack._pid("mongo")))
        mongo_url = os.environ.get("MONGO_URL", f"mongodb://127.0.0.1:{localstack.MONGO_PORT}")
        if mongo_ops:
            mongo_url = self._start_counting_proxy()
        env = {"IRTIBAT_ENV": os.environ.get("IRTIBAT_ENV", "local"), "MONGO_URL": mongo_url}
        name, module, port = GATEWAYS
        if not localstack.port_open(port) and (localstack.ROOT / (module.replace(".", "/") + ".py")).exists():
            localstack._spawn(name, [localstack.PY, "-m", module], env)
            localstack.wait(lambda: localstack.port_open(port), 30, name)
            pid = localstack._pid(name) or 0
            self.members.append(Member(name, pid, started=True, port=port, leader=pid))
        for name in PIPELINE:
            port = localstack.SERVICES[name]
            started = not localstack.ready(port)
            if started:
                localstack._spawn(name, [localstack.PY, "-m", f"services.{name}"],
                                  {**env, **own_environment(name), "HTTP_PORT": str(port)})
            wait_ready(port, 90, f"{name} /health/ready on :{port}")
            pid = procs.pid_listening(port)
            self.members.append(Member(name, pid or 0, started=started, port=port,
                                       leader=localstack._pid(name) if started else None))
            self.notes.append(f"{name} :{port} {'started by the bench' if started else 'already running'}")
            if name == "notify" and pid:
                self.notes.append(quiet_hours_note(procs.environ(pid)))
        intake = self.member("intake")
        if intake and intake.pid:
            self.rabbit_url = procs.environ(intake.pid).get("RABBIT_URL", DEFAULT_RABBIT_URL)
        for pid in procs.find_by_comm("beam.smp", "rabbit"):
            self.members.append(Member("rabbitmq", pid))
            break

    def _start_counting_proxy(self) -> str:
        running = [n for n in PIPELINE if localstack.ready(localstack.SERVICES[n])]
        if running:
            raise SystemExit(f"--mongo-ops needs the bench to start the services, but {', '.join(running)} "
                             "already run: make down first")
        port = free_port()
        self.mongo_ops_stats = str(localstack.LOCAL / "bench-mongo-ops.json")
        log = open(localstack.LOGS / "bench-mongo-ops.log", "ab")
        proc = subprocess.Popen([localstack.PY, "-m", "bench.mongo_ops", str(port), str(localstack.MONGO_PORT),
                                 self.mongo_ops_stats], cwd=localstack.ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        localstack.wait(lambda: localstack.port_open(port), 20, "the counting proxy")
        self.members.append(Member("mongo-ops-proxy", proc.pid, started=True, port=port, leader=proc.pid,
                                   measured=False))
        self.notes.append(f"services reach MongoDB through a counting proxy on :{port} (timings include the hop)")
        return f"mongodb://127.0.0.1:{port}"

    def member(self, label: str) -> Member | None:
        return next((m for m in self.members if m.label == label), None)

    def add_copies(self, name: str, copies: int) -> None:
        """Run `name` as `copies` processes: start the missing ones on free ports, same environment."""
        first = self.member(name)
        assert first is not None, f"{name} is not running"
        have = sum(1 for m in self.members if m.label.split("#")[0] == name)
        env = {**procs.environ(first.pid), "PYTHONUNBUFFERED": "1"}
        for n in range(have + 1, copies + 1):
            port = free_port()
            log = open(localstack.LOGS / f"bench-{name}-{n}.log", "ab")
            proc = subprocess.Popen([localstack.PY, "-m", f"services.{name}"], cwd=localstack.ROOT,
                                    env={**env, "HTTP_PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True, preexec_fn=normal_priority)
            self.members.append(Member(f"{name}#{n}", proc.pid, started=True, port=port, leader=proc.pid))
            wait_ready(port, 90, f"{name} copy {n} on :{port}")

    def signal(self, names: tuple[str, ...], sig: int) -> None:
        """SIGSTOP / SIGCONT every copy of these services (the routing comparison pauses them)."""
        for m in self.members:
            if m.label.split("#")[0] in names and m.pid:
                os.kill(m.pid, sig)

    def pids(self) -> dict[str, int]:
        return {m.label: m.pid for m in self.members if m.pid and m.measured}

    def down(self) -> None:
        """Stop what this run started, newest first; leave everything else running."""
        for m in reversed([m for m in self.members if m.started]):
            _terminate(m.leader or m.pid)
            name = m.label if "#" not in m.label else None
            if name:
                (localstack.PIDS / f"{name}.pid").unlink(missing_ok=True)
        self.members = [m for m in self.members if not m.started]


def normal_priority() -> None:
    """For processes the (favoured) bench starts: the ordinary scheduler and nice value."""
    try:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    except (OSError, AttributeError):
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, 0, 0)
    except OSError:
        pass


def _terminate(pid: int, grace_s: float = 15.0) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            pass
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
