"""Fixtures of the page tests (tests/e2e/test_pages_*.py), shared by their modules so the stack and
the browser start once per session."""

from tests.support.pages_stack import browser, page_stack  # noqa: F401 - fixtures
