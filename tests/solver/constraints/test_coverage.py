"""Coverage: late contacts and overstaffing priced from the agents on shift."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel


def test_coverage_never_makes_a_roster_infeasible(tiny_model: Callable[..., TinyModel]) -> None:
    """Nobody on shift is a roster with gaps, not an impossible one: it costs late contacts."""
    model = tiny_model()
    empty = model.check("coverage", [])
    assert empty.feasible and empty.cost > 0


def test_more_agents_on_shift_cost_fewer_late_contacts(
    tiny_model: Callable[..., TinyModel],
) -> None:
    """Each week added to the roster lowers the coverage cost."""
    model = tiny_model()
    one = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    two = [*one, *(model.shifts(3, day)[0] for day in (0, 1, 2))]
    costs = [model.check("coverage", roster).cost for roster in ([], one, two)]
    assert costs[0] > costs[1] > costs[2] > 0
