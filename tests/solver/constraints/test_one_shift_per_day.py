"""One shift per agent and local day.

Known limit: the container's ``works(agent, day)`` is defined as the sum of
the day's shifts, which already allows at most one, so the refusal below
does not depend on this family alone (issue 10 item 3 leaves that for a
change that may alter rosters).
"""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel


def test_one_shift_each_day_is_allowed(tiny_model: Callable[..., TinyModel]) -> None:
    """Three days with one shift each keep the rule."""
    model = tiny_model()
    week = [model.shifts(0, day)[0] for day in (0, 1, 2)]
    assert model.check("one shift per day", model.with_week(model.first_roster(), 0, week)).feasible


def test_two_shifts_on_one_day_are_refused(tiny_model: Callable[..., TinyModel]) -> None:
    """The 08:00 and the 10:00 start on the same Monday cannot both be worked."""
    model = tiny_model()
    monday = model.shifts(0, 0)
    assert len(monday) >= 2
    week = [monday[0], monday[-1]]
    roster = model.with_week(model.first_roster(), 0, week)
    assert not model.check("one shift per day", roster).feasible
