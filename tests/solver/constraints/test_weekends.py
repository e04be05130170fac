"""Whole local weekends off."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

ONE_WEEKEND_OFF = {"contracts": {"day": {"min_weekends_off": 1}}}
SATURDAY = 5  # 2027-03-27, the horizon starts on Monday 2027-03-22


def test_a_week_without_weekend_shifts_keeps_the_weekend_off(
    tiny_model: Callable[..., TinyModel],
) -> None:
    """Monday to Wednesday leaves Saturday and Sunday off."""
    model = tiny_model(ONE_WEEKEND_OFF)
    week = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    assert model.check("weekends off", model.with_week(model.first_roster(), 0, week)).feasible


def test_a_saturday_shift_spoils_the_only_weekend(tiny_model: Callable[..., TinyModel]) -> None:
    """The horizon holds one weekend; working its Saturday leaves none off."""
    model = tiny_model(ONE_WEEKEND_OFF)
    week = [model.shifts(0, day)[0] for day in (0, 1, SATURDAY)]
    assert not model.check("weekends off", model.with_week(model.first_roster(), 0, week)).feasible
