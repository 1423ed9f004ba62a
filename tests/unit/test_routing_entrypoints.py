"""Entrypoint edges without I/O: which department a command came from, HTTP body validation."""

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from services.routing.entrypoints.amqp import command_department
from services.routing.entrypoints.schemas import ClassifyRequest, RuleCreate, TransitionCreate
from shared.messaging import PermanentError

pytestmark = pytest.mark.unit


def message(routing_key: str, headers: dict | None = None):
    return SimpleNamespace(raw_message=SimpleNamespace(routing_key=routing_key, headers=headers or {}))


def test_the_routing_key_names_the_department_even_after_a_retry():
    assert command_department(message("case.update.kaski")) == "kaski"
    # A retried command comes back through the default exchange with the queue name as key.
    retried = message("routing.case-update", {"x-original-routing-key": "case.update.cevre"})
    assert command_department(retried) == "cevre"
    for bad in ("case.update.", "intake.submit.web", ""):
        with pytest.raises(PermanentError):
            command_department(message(bad))


def test_transition_bodies():
    assert TransitionCreate(to="acknowledged").department is None
    with pytest.raises(ValidationError, match="department is required"):
        TransitionCreate(to="reassigned")
    with pytest.raises(ValidationError, match="master_tracking_no is required"):
        TransitionCreate(to="duplicate")
    with pytest.raises(ValidationError):
        TransitionCreate(to="reassigned", department="no-such-department")
    with pytest.raises(ValidationError):
        TransitionCreate(to="closed")


def test_rule_and_classify_bodies():
    assert RuleCreate(department="kaski", keywords=["  su ", ""]).keywords == ["su"]
    with pytest.raises(ValidationError, match="at least one condition"):
        RuleCreate(department="kaski", keywords=["  "])
    with pytest.raises(ValidationError):
        ClassifyRequest(text="")
    with pytest.raises(ValidationError):
        ClassifyRequest(text="x" * 5001)
