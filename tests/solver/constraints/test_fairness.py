"""Fairness: the busiest agent's nights and weekend shifts are paid for."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

SATURDAY, SUNDAY = 5, 6


def test_weekday_shifts_cost_nothing(tiny_model: Callable[..., TinyModel]) -> None:
    """Day shifts from Monday to Wednesday are neither nights nor weekends."""
    model = tiny_model()
    week = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    check = model.check("fairness", week)
    assert check.feasible and check.cost == 0


def test_one_agent_with_both_weekend_days_pays_for_two(
    tiny_model: Callable[..., TinyModel],
) -> None:
    """Two weekend shifts on one agent cost 2 x the fairness weight (0.5)."""
    model = tiny_model()
    week = [model.shifts(0, SATURDAY)[0], model.shifts(0, SUNDAY)[0]]
    check = model.check("fairness", week)
    assert check.feasible and check.cost == 1.0
    # Shared between two agents, the busiest has one.
    shared = [model.shifts(0, SATURDAY)[0], model.shifts(3, SUNDAY)[0]]
    assert model.check("fairness", shared).cost == 0.5
