"""The stack the page tests drive: intake, routing and events as processes on their own private
vhost and the Mongo stand-in (started once for all page test modules), and headless Chromium."""

import time
from dataclasses import dataclass

import httpx
import pytest

from tests.support.browser import ensure_browser_tools, launch
from tests.support.infra import RabbitVhost, ServiceProcess, free_port


@dataclass
class Stack:
    intake: ServiceProcess
    routing: ServiceProcess
    events: ServiceProcess
    mongo_url: str


class StackHolder:
    """One stack for all page test modules, on its own vhost (so no other module's processes
    compete for its messages), started on first use and stopped after the last module using it."""

    def __init__(self, mongo_url: str):
        self.mongo_url = mongo_url
        self.stack: Stack | None = None
        self.vhost: RabbitVhost | None = None
        self.processes: list[ServiceProcess] = []

    def get(self) -> Stack:
        if self.stack is None:
            self.stack = self._start()
        return self.stack

    def _start(self) -> Stack:
        self.vhost = RabbitVhost().create()
        common = {"RABBIT_URL": self.vhost.url, "MONGO_URL": self.mongo_url, "IRTIBAT_ENV": "local",
                  "LOG_LEVEL": "WARNING"}
        # No SLA scan during the tests: a case made overdue by the test stays in its department's inbox.
        routing = ServiceProcess("routing", {**common, "MONGO_DATABASE": "pages_routing", "CONFIG_CACHE_S": "0",
                                             "SLA_SCAN_INTERVAL_S": "3600"})
        events = ServiceProcess("events", {**common, "MONGO_DATABASE": "pages_events"})
        intake = ServiceProcess("intake", {**common, "MONGO_DATABASE": "pages_intake",
                                           "ROUTING_URL": routing.base_url, "EVENTS_URL": events.base_url,
                                           # Notify is not started: nothing listens there (never a default port).
                                           "NOTIFY_URL": f"http://127.0.0.1:{free_port()}",
                                           "JAEGER_UI_URL": "http://jaeger.test:16686"})
        self.processes = [p.start() for p in (routing, events, intake)]
        for process in self.processes:
            process.wait_ready(90)
        return Stack(intake=intake, routing=routing, events=events, mongo_url=self.mongo_url)

    def stop(self) -> None:
        for process in self.processes:
            process.stop()
        self.processes, self.stack = [], None
        if self.vhost:
            self.vhost.delete()
            self.vhost = None


@pytest.fixture(scope="session")
def _page_stack_holder(mongo_url):
    holder = StackHolder(mongo_url)
    yield holder
    holder.stop()


@pytest.fixture(scope="module")
def page_stack(request, _page_stack_holder):
    try:
        yield _page_stack_holder.get()
    finally:
        items = request.session.items
        mine = [i for i, item in enumerate(items) if item.module is request.module]
        later = items[mine[-1] + 1:] if mine else []
        if not any("page_stack" in getattr(item, "fixturenames", ()) for item in later):
            _page_stack_holder.stop()


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
