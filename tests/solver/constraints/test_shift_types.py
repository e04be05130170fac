"""Named shift types: at most so many of a type, and forbidden successions."""

from __future__ import annotations

from collections.abc import Callable

from family_check import TinyModel

# Each day's candidates, earliest first, are then the types D, E and N.
TYPED = {
    "contracts": {
        "day": {
            "start_window": {"earliest": "06:00", "latest": "22:00"},
            "start_step_minutes": 60,
            "min_rest_hours": 8,
            "shift_types": [
                {"name": "D", "start": "06:00", "hours": 8},
                {"name": "E", "start": "14:00", "hours": 8},
                {"name": "N", "start": "22:00", "hours": 8},
            ],
            "max_shifts": {"N": 1},
            "forbidden_successions": [["E", "D"]],
        }
    }
}
D, E, N = 0, 1, 2


def test_evenings_in_a_row_and_one_night_are_allowed(tiny_model: Callable[..., TinyModel]) -> None:
    """E on Monday, E on Tuesday, N on Thursday keep both rules."""
    model = tiny_model(TYPED)
    week = [model.shifts(0, 0)[E], model.shifts(0, 1)[E], model.shifts(0, 3)[N]]
    assert model.check("shift types", week).feasible


def test_a_day_after_an_evening_is_refused(tiny_model: Callable[..., TinyModel]) -> None:
    """D on Tuesday after E on Monday is a forbidden succession."""
    model = tiny_model(TYPED)
    assert not model.check("shift types", [model.shifts(0, 0)[E], model.shifts(0, 1)[D]]).feasible


def test_a_second_night_is_refused(tiny_model: Callable[..., TinyModel]) -> None:
    """Two N shifts are over the limit of one."""
    model = tiny_model(TYPED)
    assert not model.check("shift types", [model.shifts(0, 0)[N], model.shifts(0, 2)[N]]).feasible
