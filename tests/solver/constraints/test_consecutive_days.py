"""At most (and at least) so many days in a row, and days off in a row."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

AT_MOST_3 = {"contracts": {"day": {"max_consecutive_days": 3}}}


def test_three_days_in_a_row_are_allowed(tiny_model: Callable[..., TinyModel]) -> None:
    """Monday to Wednesday is three days in a row."""
    model = tiny_model(AT_MOST_3)
    week = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    assert model.check("consecutive days", model.with_week(model.first_roster(), 0, week)).feasible


def test_four_days_in_a_row_are_refused(tiny_model: Callable[..., TinyModel]) -> None:
    """Monday to Thursday is one day too many."""
    model = tiny_model(AT_MOST_3)
    week = [model.shifts(0, day)[0] for day in (0, 1, 2, 3)]
    roster = model.with_week(model.first_roster(), 0, week)
    assert not model.check("consecutive days", roster).feasible
