"""JSON log lines with trace and span ids; personal data is masked before anything is written."""

import json
import logging
import sys
from datetime import UTC, datetime

from opentelemetry import trace

from shared.pii import redact

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName", "color_message"}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            line["trace_id"] = format(span.trace_id, "032x")
            line["span_id"] = format(span.span_id, "016x")
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def setup_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Per-message lines (broker, access log, each provider call) are noise at INFO and cost CPU per
    # application; traces and metrics carry them. Per-application lines of our own are DEBUG.
    for noisy in ("uvicorn.access", "aiormq", "aio_pika", "pymongo", "faststream", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger(f"irtibat.{service}.broker").setLevel(logging.WARNING)
