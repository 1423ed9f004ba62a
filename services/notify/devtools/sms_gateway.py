"""A small HTTP SMS gateway: appends every message it accepts to `sms.jsonl`.

`POST /v1/messages` (bearer token) → 202 `{"id": ...}`; 400 for a number that is not E.164.
`POST /_control {"fail_next": N, "status": 503}` makes the next N calls fail (tests, demos).
`POST /v1/simulate/inbound {"from": ..., "text": "IPTAL"}` forwards a citizen's reply to notify.
"""

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

E164 = re.compile(r"^\+[1-9]\d{7,14}$")


class Control(BaseModel):
    fail_next: int = Field(0, ge=0)
    status: int = Field(503, ge=400, le=599)


class GatewayState:
    def __init__(self, outbox: Path, fail_next: int = 0, fail_status: int = 503):
        self.outbox = outbox
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        self.fail_next, self.fail_status = fail_next, fail_status
        self.calls = 0

    def received(self) -> list[dict[str, Any]]:
        if not self.outbox.exists():
            return []
        return [json.loads(line) for line in self.outbox.read_text().splitlines() if line.strip()]


def create_sms_app(outbox: Path, *, token: str, notify_url: str = "http://127.0.0.1:8003",
                   fail_next: int = 0, fail_status: int = 503) -> FastAPI:
    state = GatewayState(outbox, fail_next, fail_status)
    app = FastAPI(title="İrtibat dev SMS gateway")
    app.state.gateway = state

    @app.post("/v1/messages", status_code=202)
    async def send(message: dict[str, Any], authorization: str | None = Header(None)) -> JSONResponse:
        state.calls += 1
        if authorization != f"Bearer {token}":
            raise HTTPException(401, "wrong token")
        if state.fail_next > 0:
            state.fail_next -= 1
            return JSONResponse({"error": "injected failure"}, status_code=state.fail_status)
        if not E164.match(str(message.get("to", ""))):
            raise HTTPException(400, "invalid destination number")
        record = {"id": f"sms-{uuid.uuid4().hex[:12]}", "received_at": datetime.now(UTC).isoformat(), **message}
        with state.outbox.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return JSONResponse({"id": record["id"], "status": "accepted"}, status_code=202)

    @app.get("/v1/messages")
    async def messages() -> list[dict[str, Any]]:
        return state.received()

    @app.post("/_control")
    async def control(change: Control) -> dict[str, int]:
        state.fail_next, state.fail_status = change.fail_next, change.status
        return {"fail_next": state.fail_next, "status": state.fail_status}

    @app.post("/v1/simulate/inbound")
    async def simulate_inbound(message: dict[str, Any]) -> JSONResponse:
        async with httpx.AsyncClient(timeout=10) as client:
            r = await client.post(f"{notify_url.rstrip('/')}/v1/sms/inbound", json=message,
                                  headers={"Authorization": f"Bearer {token}"})
        return JSONResponse(r.json(), status_code=r.status_code)

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
