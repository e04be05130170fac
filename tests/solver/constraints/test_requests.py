"""Shift-on and shift-off requests: a request not met costs its weight."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

REQUESTS = [
    {"agent_id": "DE1", "date": "2027-03-22", "kind": "on", "weight": 2, "shift_type": ""},
    {"agent_id": "DE1", "date": "2027-03-23", "kind": "off", "weight": 3, "shift_type": ""},
]


def test_met_requests_cost_nothing(tiny_model: Callable[..., TinyModel]) -> None:
    """Working Monday (asked on) and not Tuesday (asked off)."""
    model = tiny_model(requests=REQUESTS)
    check = model.check("requests", [model.shifts(0, 0)[0], model.shifts(0, 2)[0]])
    assert check.feasible and check.cost == 0


def test_unmet_requests_cost_their_weights(tiny_model: Callable[..., TinyModel]) -> None:
    """Off on Monday (asked on, 2) and working Tuesday (asked off, 3) cost 5."""
    model = tiny_model(requests=REQUESTS)
    check = model.check("requests", [model.shifts(0, 1)[0], model.shifts(0, 2)[0]])
    assert check.feasible and check.cost == 5
