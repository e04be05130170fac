"""Constraint families, one file each, each returning its objective terms.

Every ``add_<family>(model, data, variables)`` adds one family of rules and
returns ``[(term, expression), ...]``: its share of the objective (empty for a
hard rule). :func:`add_all` calls them in a fixed order.

Three hard rules need no constraint because they shape the candidates
instead (see :mod:`shiftplan.shifts`): local start windows, time off and
public holidays. A shift outside them is never created.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from shiftplan.solver.constraints.consecutive_days import add_consecutive_days
from shiftplan.solver.constraints.coverage import add_coverage
from shiftplan.solver.constraints.daily_rest import add_daily_rest
from shiftplan.solver.constraints.fairness import add_fairness
from shiftplan.solver.constraints.locks import add_locked_shifts
from shiftplan.solver.constraints.one_shift_per_day import add_one_shift_per_day
from shiftplan.solver.constraints.requests import add_requests
from shiftplan.solver.constraints.shift_cover import add_shift_cover
from shiftplan.solver.constraints.shift_types import add_shift_types
from shiftplan.solver.constraints.stable_starts import add_stable_starts
from shiftplan.solver.constraints.weekends import add_weekends
from shiftplan.solver.constraints.weekly_hours import add_weekly_hours
from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables

Terms = list[tuple[str, LinearExpr]]
Family = Callable[[cp_model.CpModel, ModelData, Variables], Terms]

HARD_FAMILIES: dict[str, Family] = {
    "one shift per day": add_one_shift_per_day,
    "weekly hours and days": add_weekly_hours,
    "minimum rest": add_daily_rest,
    "consecutive days": add_consecutive_days,
    "weekends off": add_weekends,
    "shift types": add_shift_types,
    "locked shifts": add_locked_shifts,
}
"""Rules that hold for each agent alone; a clash among them is explained per agent."""

SOFT_FAMILIES: dict[str, Family] = {
    "coverage": add_coverage,
    "fairness": add_fairness,
    "stable starts": add_stable_starts,
    "requests": add_requests,
    "shift cover": add_shift_cover,
}
"""Demand and preferences: never infeasible, they only cost."""


def add_hard(model: cp_model.CpModel, data: ModelData, variables: Variables) -> Terms:
    """Add every hard family the data asks for, in a fixed order; return their terms.

    Working-day Booleans that no family defined (only when one shift per day
    is left out) are defined last, so that the day-counting rules still count
    days worked.
    """
    terms: Terms = []
    for name, family in HARD_FAMILIES.items():
        if data.builds(name):
            terms.extend(family(model, data, variables))
    variables.define_remaining_works()
    return terms


def add_all(model: cp_model.CpModel, data: ModelData, variables: Variables) -> Terms:
    """Add every family the data asks for, in a fixed order; return all terms."""
    terms = add_hard(model, data, variables)
    for name, family in SOFT_FAMILIES.items():
        if data.builds(name):
            terms.extend(family(model, data, variables))
    return terms
