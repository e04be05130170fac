"""Named shift types: per-agent limits and forbidden successions."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_shift_types(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """At most ``max_shifts[type]`` of each type, and no type B the day after type A.

    Successions are by local day: with at most one shift a day, "A on day d
    and B on day d + 1" is one linear constraint per day pair.
    """
    candidates = data.candidates
    for agent in range(len(data.agents)):
        contract = data.contract(agent)
        if not contract.shift_types:
            continue
        names = [shift.name for shift in contract.shift_types]
        mine = data.candidates.of_agent(agent)
        for name, most in contract.max_shifts.items():
            kind = names.index(name)
            model.add(sum(variables.x(int(s)) for s in mine if candidates.kind[s] == kind) <= most)
        for before, after in contract.forbidden_successions:
            first, then = names.index(before), names.index(after)
            for day in range(data.days - 1):
                today = [
                    int(s)
                    for s in data.shifts_by_agent_day.get((agent, day), ())
                    if candidates.kind[s] == first
                ]
                tomorrow = [
                    int(s)
                    for s in data.shifts_by_agent_day.get((agent, day + 1), ())
                    if candidates.kind[s] == then
                ]
                if today and tomorrow:
                    model.add(sum(variables.x(s) for s in [*today, *tomorrow]) <= 1)
    return []
