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
        kinds = candidates.kind[mine].tolist()
        days = candidates.day[mine].tolist()
        by_kind: dict[int, list[int]] = {}
        for s, kind in zip(mine.tolist(), kinds, strict=True):
            by_kind.setdefault(kind, []).append(s)
        for name, most in contract.max_shifts.items():
            kind = names.index(name)
            # One sum built in C++: the same constraint as Python's sum, which
            # took a tenth of an agent's model on a 364-day horizon.
            shifts = [variables.x(s) for s in by_kind.get(kind, ())]
            model.add(cp_model.LinearExpr.sum(shifts) <= most)
        followers: dict[int, set[int]] = {}
        for before, after in contract.forbidden_successions:
            followers.setdefault(names.index(before), set()).add(names.index(after))
        if not followers:
            continue
        on_day: dict[tuple[int, int], list[int]] = {}
        for s, day, kind in zip(mine.tolist(), days, kinds, strict=True):
            on_day.setdefault((day, kind), []).append(s)
        for firsts, then in _groups(followers, data.builds("one shift per day")):
            for day in range(data.days - 1):
                today = [s for kind in firsts for s in on_day.get((day, kind), ())]
                tomorrow = [s for kind in then for s in on_day.get((day + 1, kind), ())]
                if today and tomorrow:
                    model.add_at_most_one(variables.x(s) for s in [*today, *tomorrow])
    return []


def _groups(followers: dict[int, set[int]], one_a_day: bool) -> list[tuple[list[int], list[int]]]:
    """Types that may not be followed by the same types, with those followers.

    With at most one shift a day, types A and A' that forbid the same
    followers share one at-most-one per day: A and A' on the same day clash
    anyway, so the joint constraint forbids exactly the pairs the two
    separate ones do. Curtois Instance24's 32 types fall into 11 such groups,
    which makes each agent's model about three times quicker to build.
    Without the one-shift-per-day rule (the infeasibility explanation leaves
    families out) each type keeps its own constraint.
    """
    if not one_a_day:
        return [([first], sorted(then)) for first, then in followers.items()]
    grouped: dict[tuple[int, ...], list[int]] = {}
    for first, then in followers.items():
        grouped.setdefault(tuple(sorted(then)), []).append(first)
    return [(firsts, list(then)) for then, firsts in grouped.items()]
