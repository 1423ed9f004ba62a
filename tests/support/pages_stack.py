"""The stack the page tests drive: intake, routing and events as processes on one private vhost
and the Mongo stand-in, and one headless Chromium for the whole session."""

import time
from dataclasses import dataclass

import httpx
import pytest

from tests.support.browser import ensure_browser_tools, launch
from tests.support.infra import ServiceProcess, free_port


@dataclass
class Stack:
    intake: ServiceProcess
    routing: ServiceProcess
    events: ServiceProcess
    mongo_url: str


@pytest.fixture(scope="module")
def page_stack(rabbit_url, mongo_url):
    common = {"RABBIT_URL": rabbit_url, "MONGO_URL": mongo_url, "IRTIBAT_ENV": "local", "LOG_LEVEL": "WARNING"}
    # No SLA scan during the tests: a case made overdue by the test stays in its department's inbox.
    routing = ServiceProcess("routing", {**common, "MONGO_DATABASE": "pages_routing", "CONFIG_CACHE_S": "0",
                                         "SLA_SCAN_INTERVAL_S": "3600"})
    events = ServiceProcess("events", {**common, "MONGO_DATABASE": "pages_events"})
    intake = ServiceProcess("intake", {**common, "MONGO_DATABASE": "pages_intake",
                                       "ROUTING_URL": routing.base_url, "EVENTS_URL": events.base_url,
                                       # Notify is not started: nothing listens there (never a default port).
                                       "NOTIFY_URL": f"http://127.0.0.1:{free_port()}",
                                       "JAEGER_UI_URL": "http://jaeger.test:16686"})
    started = [p.start() for p in (routing, events, intake)]
    try:
        for process in started:
            process.wait_ready(90)
        yield Stack(intake=intake, routing=routing, events=events, mongo_url=mongo_url)
    finally:
        for process in started:
            process.stop()


# Module scope, not session: Playwright's sync API keeps its own event loop running in this thread
# while it is open, which would break every asyncio test that runs after it in the same session.
@pytest.fixture(scope="module")
def browser():
    ensure_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def until(check, timeout: float = 30.0, every: float = 0.25, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout}s")


def api(base_url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=10)


def sign_in(page, base_url: str, key: str, target: str) -> None:
    page.goto(f"{base_url}/giris?next={target}")
    page.fill("#key", key)
    page.click("form[action='/giris'] button[type=submit]")
    page.wait_for_url(f"{base_url}{target}*")
