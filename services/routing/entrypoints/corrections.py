"""Admin export of reassignment corrections as labelled JSON lines — the format
`python -m services.routing.classifier train --corrections FILE` reads."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from shared.auth import Principal, require
from shared.enums import Role

router = APIRouter(prefix="/v1/admin/corrections", tags=["admin"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


@router.get("", response_class=PlainTextResponse, summary="Reassignments as training lines (JSONL, text redacted)",
            responses={200: {"content": {"application/x-ndjson": {}}}})
async def export_corrections(request: Request, _: Admin, limit: int = Query(10_000, ge=1, le=100_000)) -> PlainTextResponse:
    docs = await request.app.state.db["corrections"].find(
        {}, projection={"text": 1, "new_department": 1, "kind": 1, "district": 1, "old_department": 1,
                        "tracking_no": 1}).sort("_id", 1).limit(limit).to_list()
    lines = [json.dumps({"id": d["_id"], "text": d["text"], "department": d["new_department"],
                         "was": d.get("old_department"), "kind": d.get("kind"), "district": d.get("district")},
                        ensure_ascii=False) for d in docs]
    return PlainTextResponse("\n".join(lines) + ("\n" if lines else ""), media_type="application/x-ndjson")
