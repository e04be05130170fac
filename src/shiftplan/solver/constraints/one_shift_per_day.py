"""At most one shift per agent and local day."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_one_shift_per_day(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """A local day holds at most one of the agent's shifts.

    A night shift belongs to the day it starts on, so a 22:00-06:00 shift and
    a shift the next evening are on different days; the rest rule keeps them
    apart in elapsed time.
    """
    for agent, day in data.shifts_by_agent_day:
        shifts = variables.shifts_of(agent, day)
        if len(shifts) > 1:
            model.add_at_most_one(shifts)
    return []
