"""End-to-end fixtures. Each e2e module gets its own RabbitMQ vhost (tests/conftest.py): services
run as processes for a whole module, and two modules' processes must never compete for each
other's messages. The page tests' fixtures (tests/e2e/test_pages_*.py) come from
tests/support/pages_stack.py."""

from tests.support.pages_stack import _page_stack_holder, browser, page_stack  # noqa: F401 - fixtures
