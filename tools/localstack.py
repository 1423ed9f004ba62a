"""The local profile: RabbitMQ (started, installed if missing), the Mongo stand-in, dev gateways and
the four services as background processes under .local/.

    python -m tools.localstack up|down|run|logs|status|ensure-rabbit|ensure-tools
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / ".local"
LOGS = LOCAL / "logs"
PIDS = LOCAL / "pids"
PY = sys.executable
MONGO_PORT = int(os.environ.get("LOCAL_MONGO_PORT", "27017"))
SERVICES = {"intake": 8001, "routing": 8002, "notify": 8003, "events": 8004}
# Helper processes the local profile runs beside the services (module, readiness port).
HELPERS = {"dev-gateways": ("services.notify.dev_gateways", 8025)}


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise SystemExit(f"timed out after {timeout:.0f}s waiting for {what}")


def ensure_rabbit() -> None:
    if port_open(5672):
        return
    if not shutil.which("rabbitmq-server"):
        print("installing Debian's rabbitmq-server …", flush=True)
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "rabbitmq-server"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    print("starting RabbitMQ …", flush=True)
    subprocess.run(["rabbitmq-server", "-detached"], check=False)
    wait(lambda: port_open(5672), 90, "RabbitMQ on 5672")
    subprocess.run(["rabbitmqctl", "-q", "await_startup"], check=False, timeout=120)


def _apt_install(*packages: str) -> None:
    print(f"installing Debian's {' '.join(packages)} …", flush=True)
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def ensure_tools() -> None:
    """Debian's docker-compose (tests/integration/test_deploy_compose.py validates the compose file with
    it) and what the page tests drive: Debian's chromium and axe-core from npm (tests/e2e/package.json)."""
    missing = [pkg for pkg, exe in (("docker-compose", "docker-compose"), ("chromium", "chromium"),
                                    ("npm", "npm")) if not shutil.which(exe)]
    if missing:
        _apt_install(*missing)
    ensure_axe()


def ensure_axe() -> None:
    """`npm ci` in tests/e2e when axe-core is not there yet (quick and offline-free when it is)."""
    folder = ROOT / "tests" / "e2e"
    if (folder / "node_modules" / "axe-core" / "axe.min.js").exists() or not (folder / "package-lock.json").exists():
        return
    print("installing axe-core for the page tests (npm ci) …", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, check=True)


def ensure_management() -> None:
    if port_open(15672) or not shutil.which("rabbitmq-plugins"):
        return
    subprocess.run(["rabbitmq-plugins", "-q", "enable", "rabbitmq_management"], check=False,
                   capture_output=True, timeout=120)


def _pid(name: str) -> int | None:
    try:
        pid = int((PIDS / f"{name}.pid").read_text())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None


def _spawn(name: str, args: list[str], env: dict[str, str] | None = None) -> None:
    if _pid(name):
        return
    LOGS.mkdir(parents=True, exist_ok=True)
    PIDS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / f"{name}.log", "ab")
    proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    (PIDS / f"{name}.pid").write_text(str(proc.pid))


def ensure_mongo() -> None:
    if port_open(MONGO_PORT):
        return
    data = LOCAL / "mongo"
    data.mkdir(parents=True, exist_ok=True)
    nx = Path(PY).parent / "nx-27017"
    _spawn("mongo", [str(nx), "--data-dir", str(data), "--port", str(MONGO_PORT),
                     "--pid-file", str(LOCAL / "nx-27017.pid"), "--log-file", str(LOGS / "nx-27017.server.log")])
    wait(lambda: port_open(MONGO_PORT), 30, f"the Mongo stand-in on {MONGO_PORT}")


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def up() -> None:
    started = time.monotonic()
    ensure_rabbit()
    ensure_management()
    ensure_mongo()
    env = {"IRTIBAT_ENV": os.environ.get("IRTIBAT_ENV", "local"),
           "MONGO_URL": os.environ.get("MONGO_URL", f"mongodb://127.0.0.1:{MONGO_PORT}")}
    for name, (module, _port) in HELPERS.items():
        if (ROOT / (module.replace(".", "/") + ".py")).exists():
            _spawn(name, [PY, "-m", module], env)
    for name, port in SERVICES.items():
        _spawn(name, [PY, "-m", f"services.{name}"], {**env, "HTTP_PORT": str(port)})
    for name, port in SERVICES.items():
        wait(lambda port=port: ready(port), 90 - (time.monotonic() - started), f"{name} /health/ready")
    print(f"İrtibat is up in {time.monotonic() - started:.1f}s: intake :8001, routing :8002, notify :8003, "
          f"events :8004; logs in .local/logs/", flush=True)


def down() -> None:
    for name in [*SERVICES, *HELPERS, "mongo"]:
        pid = _pid(name)
        if pid:
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            for _ in range(50):
                if not _pid(name):
                    break
                time.sleep(0.2)
            else:
                os.killpg(pid, signal.SIGKILL)
        (PIDS / f"{name}.pid").unlink(missing_ok=True)
    print("stopped the services, gateways and the Mongo stand-in (RabbitMQ is left running)")


def logs(follow: bool = True) -> None:
    files = sorted(str(p) for p in LOGS.glob("*.log")) if LOGS.exists() else []
    if not files:
        print("no logs yet: run make up")
        return
    os.execvp("tail", ["tail", "-n", "20", *(["-F"] if follow else []), *files])


def run() -> None:
    up()
    tail = subprocess.Popen(["tail", "-n", "0", "-F", *sorted(str(p) for p in LOGS.glob("*.log"))])
    try:
        tail.wait()
    except KeyboardInterrupt:
        pass
    finally:
        tail.terminate()
        down()


def status() -> None:
    for name, port in SERVICES.items():
        print(f"{name:8} :{port} {'ready' if ready(port) else 'not ready'}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="localstack")
    parser.add_argument("command", choices=["up", "down", "run", "logs", "status", "ensure-rabbit", "ensure-tools"])
    cmd = parser.parse_args().command
    {"up": up, "down": down, "run": run, "logs": logs, "status": status, "ensure-rabbit": ensure_rabbit,
     "ensure-tools": ensure_tools}[cmd]()


if __name__ == "__main__":
    main()
