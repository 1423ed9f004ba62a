"""A local SMTP server (aiosmtpd) that keeps every message it accepts as an .eml file.

Recipients whose address contains "reject" are refused with 550, so the permanent-failure path
can be exercised end to end.
"""

import asyncio
import itertools
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


class MailFolder:
    """Writes each accepted message to `<folder>/<time>-<n>.eml`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._seq = itertools.count(1)
        self.accepted = 0

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if "reject" in address.lower():
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        name = f"{time.time_ns()}-{next(self._seq):05d}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        self.accepted += 1
        return "250 2.0.0 Message accepted"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
                for p in sorted(self.folder.glob("*.eml"))]


async def start_smtp(host: str, port: int, folder: Path) -> tuple[asyncio.AbstractServer, MailFolder]:
    """Serve SMTP in the running event loop."""
    handler = MailFolder(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="irtibat-dev-smtp", enable_SMTPUTF8=True),
                                      host=host, port=port)
    return server, handler
