"""The skeleton's shapes say what they claim: every bound key is published by someone, and the
counts per application the report prints follow from the hops."""

import pytest

from bench.skeleton.shapes import SHAPES, WORK

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("shape", SHAPES.values(), ids=list(SHAPES))
def test_every_bound_key_is_published_and_the_work_item_reaches_the_sink(shape):
    published = {"registered"} | {key for hop in shape.hops() for key in hop.publishes}
    bound = {key for hop in shape.hops() for key in hop.binds}
    assert bound <= published
    assert WORK in published
    assert "entry" in shape.processes


def test_the_two_hop_reference_is_one_consumer_between_http_and_the_sink():
    shape = SHAPES["two-hop"]
    assert (shape.deliveries_per_application(), shape.writes_per_application()) == (2, 2)


def test_the_design_shape_has_the_real_pipelines_consumers_per_application():
    shape = SHAPES["design"]
    consumed = sorted(key for hop in shape.hops() for key in hop.binds)
    # routing and notify take request.registered; notify and intake's status view take case.routed
    assert consumed == ["registered", "registered", "routed", "routed"]
    assert (shape.deliveries_per_application(), shape.writes_per_application()) == (5, 5)
