"""notify's local SMTP server and SMS gateway (services.notify.dev_gateways) as a process, for
tests that run notify as a process: what notify sent lands as files in a temporary folder."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.infra import ROOT, free_port, wait_port


@dataclass
class Gateways:
    token: str = "test-sms-token"
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="irtibat-gateways-")))
    smtp_port: int = field(default_factory=free_port)
    sms_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> "Gateways":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.notify.dev_gateways", "--smtp-port", str(self.smtp_port),
             "--sms-port", str(self.sms_port), "--dir", str(self.folder), "--token", self.token],
            cwd=ROOT, stdout=open(self.folder / "gateways.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True)
        wait_port(self.sms_port, 60)
        wait_port(self.smtp_port, 60)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def notify_env(self) -> dict[str, str]:
        """notify's settings for these gateways, with no quiet hours (tests expect SMS at once)."""
        return {"SMTP_PORT": str(self.smtp_port), "SMS_GATEWAY_URL": f"http://127.0.0.1:{self.sms_port}",
                "SMS_GATEWAY_TOKEN": self.token, "QUIET_START": "00:00", "QUIET_END": "00:00"}

    def sms(self) -> list[dict]:
        path = self.folder / "sms.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []

    def mails(self) -> list[Path]:
        return sorted((self.folder / "mail").glob("*.eml"))
