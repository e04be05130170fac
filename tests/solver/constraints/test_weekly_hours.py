"""Hours and working days per 7-day block, within the contract's range.

The tiny week holds Good Friday, a public holiday for the Berlin agent: it
counts as one contracted day of 8 h, so their limits for the shifts they
work are 8 h less and one day fewer.
"""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

AT_LEAST_24_HOURS = {"contracts": {"day": {"hours_per_week": {"min": 24, "max": 40}}}}
WORKDAYS = (0, 1, 2, 3, 5, 6)  # Monday to Sunday without Good Friday


def test_three_eight_hour_shifts_fit_the_contract(tiny_model: Callable[..., TinyModel]) -> None:
    """24 h on 3 days is within 16-32 h and 1-4 days."""
    model = tiny_model(AT_LEAST_24_HOURS)
    week = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    roster = model.with_week(model.first_roster(), 0, week)
    assert model.check("weekly hours and days", roster).feasible


def test_six_shifts_exceed_hours_and_days(tiny_model: Callable[..., TinyModel]) -> None:
    """48 h on 6 days is over 32 h and 4 days."""
    model = tiny_model()
    week = [model.shifts(0, day)[0] for day in WORKDAYS]
    roster = model.with_week(model.first_roster(), 0, week)
    assert not model.check("weekly hours and days", roster).feasible


def test_one_shift_is_under_the_minimum(tiny_model: Callable[..., TinyModel]) -> None:
    """8 h is under the 16 h left of a 24 h minimum after the holiday's credit."""
    model = tiny_model(AT_LEAST_24_HOURS)
    roster = model.with_week(model.first_roster(), 0, [model.shifts(0, 0)[0]])
    assert not model.check("weekly hours and days", roster).feasible
