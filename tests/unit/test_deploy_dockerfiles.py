"""Each service's Dockerfile: python:3.11-slim, dependencies pinned by requirements.lock with the
service's own extra, a non-root user, the health check on /health/ready, `python -m services.<name>`."""

import re
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
PORTS = {"intake": 8001, "routing": 8002, "notify": 8003, "events": 8004}


def instructions(text: str) -> list[tuple[str, str]]:
    """Dockerfile instructions as (KEYWORD, arguments), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def dockerfile_errors(service: str, text: str) -> list[str]:
    steps = instructions(text)
    keywords = [k for k, _ in steps]
    args = {k: a for k, a in steps}
    errors = []
    if args.get("FROM") != "python:3.11-slim":
        errors.append("base image must be python:3.11-slim")
    installs = [a for k, a in steps if k == "RUN" and "pip install" in a]
    if not installs or "--constraint requirements.lock" not in installs[0] or f'".[{service}]"' not in installs[0]:
        errors.append(f"dependencies must install from requirements.lock with the {service} extra")
    user = args.get("USER", "root")
    if user in ("root", "0") or "USER" not in keywords:
        errors.append("must run as a non-root user")
    elif keywords.index("USER") < max(i for i, k in enumerate(keywords) if k in ("RUN", "COPY")):
        errors.append("USER must come after the last RUN/COPY")
    health = args.get("HEALTHCHECK", "")
    if "/health/ready" not in health:
        errors.append("HEALTHCHECK must probe /health/ready")
    if args.get("CMD") != f'["python", "-m", "services.{service}"]':
        errors.append(f"CMD must be python -m services.{service}")
    env = args.get("ENV", "")
    if "HTTP_HOST=0.0.0.0" not in env or f"HTTP_PORT={PORTS[service]}" not in env:
        errors.append("ENV must set HTTP_HOST=0.0.0.0 and the service's HTTP_PORT")
    if args.get("EXPOSE") != str(PORTS[service]):
        errors.append("EXPOSE must name the service's port")
    copied = " ".join(a for k, a in steps if k == "COPY")
    for other in PORTS:
        if other != service and f"services/{other}" in copied:
            errors.append(f"copies another service's code: {other}")
    if f"services/{service}" not in copied or "shared" not in copied:
        errors.append("must copy shared/ and the service's own package")
    return errors


@pytest.mark.parametrize("service", PORTS)
def test_each_service_has_a_correct_dockerfile(service):
    text = (ROOT / "services" / service / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile_errors(service, text) == []


@pytest.mark.parametrize("service", PORTS)
def test_the_extra_each_image_installs_exists(service):
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert service in extras


def test_the_checker_catches_a_root_image_and_a_wrong_command():
    text = (ROOT / "services" / "routing" / "Dockerfile").read_text(encoding="utf-8")
    broken = text.replace("USER irtibat\n", "").replace("services.routing\"]", "services.intake\"]")
    errors = dockerfile_errors("routing", broken)
    assert "must run as a non-root user" in errors
    assert "CMD must be python -m services.routing" in errors
    assert dockerfile_errors("routing", text.replace('".[routing]"', '"."'))


def test_the_build_context_leaves_out_local_state_and_tests():
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", ".local", "tests", ".env"} <= ignored
    assert not {"shared", "services", "pyproject.toml", "requirements.lock"} & ignored
