"""Named shift types: per-agent limits and forbidden successions."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_shift_types(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """At most ``max_shifts[type]`` of each type, and no type B the day after type A.

    Successions are by local day. With at most one shift a day, type A on
    day d clashes with every type that may not follow it on day d + 1, and
    those clash with each other: one at-most-one per (type, day) states all
    of A's successions, where a constraint per pair of types would repeat A
    once for each (eight times over on the larger Curtois instances).
    """
    candidates = data.candidates
    for agent in range(len(data.agents)):
        contract = data.contract(agent)
        if not contract.shift_types:
            continue
        names = [shift.name for shift in contract.shift_types]
        mine = data.candidates.of_agent(agent)
        by_kind: dict[int, list[int]] = {}
        for s in mine.tolist():
            by_kind.setdefault(int(candidates.kind[s]), []).append(s)
        for name, most in contract.max_shifts.items():
            kind = names.index(name)
            model.add(sum(variables.x(s) for s in by_kind.get(kind, ())) <= most)
        followers: dict[int, set[int]] = {}
        for before, after in contract.forbidden_successions:
            followers.setdefault(names.index(before), set()).add(names.index(after))
        if not followers:
            continue
        on_day: dict[tuple[int, int], list[int]] = {}
        for s in mine.tolist():
            on_day.setdefault((int(candidates.day[s]), int(candidates.kind[s])), []).append(s)
        for first, then in followers.items():
            for day in range(data.days - 1):
                today = on_day.get((day, first), [])
                tomorrow = [s for kind in sorted(then) for s in on_day.get((day + 1, kind), [])]
                if today and tomorrow:
                    model.add_at_most_one(variables.x(s) for s in [*today, *tomorrow])
    return []
