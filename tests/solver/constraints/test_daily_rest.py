"""Minimum rest between two shifts, in elapsed hours."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

# 15 h of rest: an 08:00-16:00 shift may follow a 10:00-18:00 one only with 14 h.
REST_15 = {"contracts": {"day": {"min_rest_hours": 15}}}


def test_sixteen_hours_between_shifts_is_enough(tiny_model: Callable[..., TinyModel]) -> None:
    """08:00 on Monday and 08:00 on Tuesday leave 16 h of rest."""
    model = tiny_model(REST_15)
    week = [model.shifts(0, 0)[0], model.shifts(0, 1)[0]]
    assert model.check("minimum rest", model.with_week(model.first_roster(), 0, week)).feasible


def test_fourteen_hours_between_shifts_is_refused(tiny_model: Callable[..., TinyModel]) -> None:
    """10:00-18:00 on Monday then 08:00 on Tuesday leave 14 h, under 15."""
    model = tiny_model(REST_15)
    week = [model.shifts(0, 0)[-1], model.shifts(0, 1)[0]]
    assert not model.check("minimum rest", model.with_week(model.first_roster(), 0, week)).feasible
