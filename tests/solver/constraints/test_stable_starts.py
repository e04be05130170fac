"""Stable start times: each extra local start within a week is paid for."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel


def test_one_start_time_all_week_costs_nothing(tiny_model: Callable[..., TinyModel]) -> None:
    """08:00 on Monday, Tuesday and Wednesday."""
    model = tiny_model()
    check = model.check("stable starts", [model.shifts(0, day)[0] for day in (0, 1, 2)])
    assert check.feasible and check.cost == 0


def test_a_second_start_time_costs_its_weight(tiny_model: Callable[..., TinyModel]) -> None:
    """08:00 on Monday and 09:00 on Tuesday: one extra start, 0.05."""
    model = tiny_model()
    check = model.check("stable starts", [model.shifts(0, 0)[0], model.shifts(0, 1)[1]])
    assert check.feasible and check.cost == 0.05
