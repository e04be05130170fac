"""One shift per agent and local day.

The rule lives in its family file only: the variables container defines no
rule, so the refusal below comes from this family alone.
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
