"""Stable start times: the same local start through an agent's week."""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

from shiftplan.solver.constraints.weekly_hours import week_blocks
from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_stable_starts(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Pay for each extra distinct local start time an agent has within a week.

    People plan childcare and commutes around a start time; a roster that
    moves it every day is one nobody wants to work. The term is the number
    of distinct (week, local start time) pairs an agent uses, minus the weeks
    they work at all, so one start time all week costs nothing.
    """
    if not data.coefficients.active("stable_starts"):
        return []
    candidates = data.candidates
    terms: list[tuple[str, LinearExpr]] = []
    for agent in range(len(data.agents)):
        for first, stop in week_blocks(data.days):
            by_start: dict[int, list[int]] = {}
            for day in range(first, stop):
                for s in data.shifts_by_agent_day.get((agent, day), ()):
                    by_start.setdefault(int(candidates.start_minute[s]) % 1440, []).append(int(s))
            if len(by_start) <= 1:
                continue
            used = []
            for minute, shifts in by_start.items():
                start_used = model.new_bool_var(f"start_a{agent}_w{first}_m{minute}")
                for s in shifts:
                    model.add_implication(variables.x(s), start_used)
                used.append(start_used)
            week_worked = model.new_bool_var(f"worked_a{agent}_w{first}")
            model.add(week_worked <= sum(variables.works(agent, d) for d in range(first, stop)))
            terms.append(("stable_starts", sum(used) - week_worked))
    return terms


def extra_starts(data: ModelData, shifts: Iterable[int]) -> int:
    """What :func:`add_stable_starts` counts for one agent's shifts: start times beyond one a week.

    The descent counts them with this (:func:`~shiftplan.solver.heuristic.roster_cost`),
    as the model does, without building the model's Booleans.
    """
    candidates = data.candidates
    weeks: dict[int, set[int]] = {}
    for shift in shifts:
        # week_blocks' 7-day blocks from the horizon start.
        week = int(candidates.day[shift]) // 7
        weeks.setdefault(week, set()).add(int(candidates.start_minute[shift]) % 1440)
    return sum(len(starts) - 1 for starts in weeks.values())
