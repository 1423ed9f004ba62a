"""The ops board's figures, composed from each service's public HTTP API (and the RabbitMQ
management API), never from another service's database. Each source may fail on its own: the board
shows "unavailable" for it and the rest as usual."""

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlparse

import httpx

log = logging.getLogger("irtibat.intake.pages")
Parked = list[dict[str, Any]]


@dataclass(frozen=True)
class Sources:
    routing_url: str
    notify_url: str
    events_url: str
    management_url: str
    management_user: str
    management_password: str
    rabbit_url: str


def vhost_of(rabbit_url: str) -> str:
    path = urlparse(rabbit_url).path
    return unquote(path[1:]) if path and path != "/" else "/"


async def _json(client: httpx.AsyncClient, url: str, **kwargs: Any) -> Any | None:
    try:
        response = await client.get(url, **kwargs)
    except httpx.HTTPError as exc:
        log.info("ops board source unavailable: %s (%s)", url.split("?")[0], type(exc).__name__)
        return None
    if response.status_code != 200:
        log.info("ops board source answered %s: %s", response.status_code, url.split("?")[0])
        return None
    try:
        return response.json()
    except ValueError:
        return None


async def queues(client: httpx.AsyncClient, src: Sources) -> list[dict[str, Any]] | None:
    url = f"{src.management_url.rstrip('/')}/api/queues/{quote(vhost_of(src.rabbit_url), safe='')}"
    found = await _json(client, url, auth=(src.management_user, src.management_password),
                        params={"columns": "name,messages,messages_ready,messages_unacknowledged,consumers"})
    if not isinstance(found, list):
        return None
    rows = [{"name": q.get("name"), "messages": int(q.get("messages") or 0), "consumers": int(q.get("consumers") or 0),
             "dead": str(q.get("name", "")).endswith(".dlq")} for q in found]
    return sorted(rows, key=lambda q: (-q["messages"], q["name"]))


async def compose(client: httpx.AsyncClient, src: Sources, key: str, own_parked: Parked | None) -> dict[str, Any]:
    headers = {"X-API-Key": key}

    def get(base: str, path: str, **params: Any):
        return _json(client, f"{base.rstrip('/')}{path}", headers=headers, params=params or None)

    (routing_stats, overdue, events_stats, queue_rows, routing_dl, notify_dl, events_dl) = await asyncio.gather(
        get(src.routing_url, "/v1/stats"),
        get(src.routing_url, "/v1/cases", overdue="true", page_size=20),
        get(src.events_url, "/v1/stats"),
        queues(client, src),
        get(src.routing_url, "/v1/admin/dead-letters", limit=20),
        get(src.notify_url, "/v1/admin/dead-letters", limit=20),
        get(src.events_url, "/v1/admin/dead-letters", limit=20),
    )
    return {
        "routing": routing_stats,
        "overdue": overdue.get("items") if isinstance(overdue, dict) else None,
        "overdue_total": overdue.get("total") if isinstance(overdue, dict) else None,
        "events": events_stats,
        "queues": queue_rows,
        "dead_letters": {"intake": own_parked, "routing": routing_dl, "notify": notify_dl, "events": events_dl},
    }
