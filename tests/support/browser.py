"""Headless Chromium (Debian's package) driven by Playwright, axe-core checks and screenshots for
the page tests (tests/e2e/test_pages_*.py). Never `playwright install`: the system browser is used."""

import json
import os
import shutil
from pathlib import Path

from tests.support.infra import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
AXE = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "screenshots"
SIZES = {"desktop": {"width": 1366, "height": 900}, "tablet": {"width": 820, "height": 1180}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def ensure_browser_tools() -> None:
    """Install Debian's chromium and axe-core when missing (tools/localstack.py ensure-tools)."""
    if Path(CHROMIUM).exists() and AXE.exists():
        return
    from tools.localstack import ensure_tools

    ensure_tools()
    if not Path(CHROMIUM).exists() and shutil.which("chromium"):
        raise RuntimeError(f"chromium is installed elsewhere: set CHROMIUM={shutil.which('chromium')}")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def new_page(browser, size: str = "desktop"):
    context = browser.new_context(viewport=SIZES[size], locale="tr-TR", timezone_id="Europe/Istanbul")
    context.set_default_timeout(15_000)
    return context.new_page()


def shoot(page, name: str) -> list[Path]:
    """A full-page screenshot at desktop and at tablet size (the page is left at its first size)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = page.viewport_size
    saved = []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        path = SHOTS / f"{name}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    page.set_viewport_size(first)
    return saved


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    summary = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]
    assert not violations, f"WCAG 2.1 AA violations on {page.url}:\n{json.dumps(summary, indent=1, ensure_ascii=False)}"
