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
    days = [
        (agent, day, variables.shifts_of(agent, day))
        for agent, day in data.shifts_by_agent_day
        if len(variables.shifts_of(agent, day)) > 1
    ]
    for agent, day, shifts in days:
        # works(agent, day) is a Boolean, so equating it with the sum of the
        # day's shifts allows at most one of them and, in the same
        # constraint, says what works means for the day-counting rules.
        model.add(sum(shifts) == variables.works(agent, day))
        variables.mark_works_defined(agent, day)
    for _, _, shifts in days:
        # The rule in its own words. Presolve finds it implied by the sums
        # above; it is kept, after them, so that the model is the very one
        # older versions built and deterministic rosters stay the same.
        model.add_at_most_one(shifts)
    return []
