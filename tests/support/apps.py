"""Run a service's FastAPI app in the test's own event loop, lifespan included."""

from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def running_app(app: FastAPI, base_url: str = "http://test"):
    """Start the app's lifespan (broker, database, relays) and give an HTTP client bound to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client
