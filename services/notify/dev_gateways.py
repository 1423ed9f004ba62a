"""python -m services.notify.dev_gateways — the local profile's SMTP server and SMS gateway.

    SMTP on 127.0.0.1:1025 → .local/outbox/mail/*.eml
    SMS  on 127.0.0.1:8025 → .local/outbox/sms.jsonl

Ports, folder and token come from arguments or DEV_SMTP_PORT, DEV_SMS_PORT, DEV_OUTBOX_DIR,
SMS_GATEWAY_TOKEN, so tests can run them on free ports in temporary folders.
"""

import argparse
import asyncio
import logging
import os
from pathlib import Path

import uvicorn

from services.notify.devtools.sms_gateway import create_sms_app
from services.notify.devtools.smtp import start_smtp
from services.notify.settings import LOCAL_SMS_TOKEN

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("irtibat.dev_gateways")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="dev_gateways", description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default=env("DEV_GATEWAYS_HOST", "127.0.0.1"))
    p.add_argument("--smtp-port", type=int, default=int(env("DEV_SMTP_PORT", "1025")))
    p.add_argument("--sms-port", type=int, default=int(env("DEV_SMS_PORT", "8025")))
    p.add_argument("--dir", type=Path, default=Path(env("DEV_OUTBOX_DIR", str(ROOT / ".local" / "outbox"))))
    p.add_argument("--token", default=env("SMS_GATEWAY_TOKEN", LOCAL_SMS_TOKEN))
    p.add_argument("--notify-url", default=env("NOTIFY_URL", "http://127.0.0.1:8003"))
    p.add_argument("--fail-first", type=int, default=int(env("DEV_SMS_FAIL_FIRST", "0")),
                   help="the SMS gateway fails this many calls first (HTTP 503)")
    return p.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    smtp, _ = await start_smtp(args.host, args.smtp_port, args.dir / "mail")
    app = create_sms_app(args.dir / "sms.jsonl", token=args.token, notify_url=args.notify_url,
                         fail_next=args.fail_first)
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.sms_port, log_level="warning",
                                           access_log=False))
    log.warning("dev gateways: SMTP %s:%d, SMS http://%s:%d, outbox %s", args.host, args.smtp_port,
                args.host, args.sms_port, args.dir)
    try:
        await server.serve()
    finally:
        smtp.close()
        await smtp.wait_closed()


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
