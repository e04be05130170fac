"""Minimum rest between consecutive shifts, in elapsed time."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_daily_rest(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """No shift starts less than ``min_rest_hours`` after the previous one ends.

    Times are UTC minutes, so the rule holds across days, weeks and DST
    changes: the night the clocks go forward has an hour less of local time
    but not of rest. For a day pair, shifts of the earlier day that end at or
    after ``e`` clash with every shift of the later day starting before
    ``e + rest``; one clique per distinct end ``e`` states all clashes
    without a constraint per pair. The previous cycle's last shift
    (``previous_roster``) forbids early starts at the beginning.
    """
    candidates = data.candidates
    for agent in range(len(data.agents)):
        rest = round(data.contract(agent).min_rest_hours * 60)
        days = [
            data.shifts_by_agent_day.get((agent, day), np.empty(0, np.int64))
            for day in range(data.days)
        ]
        previous_end = data.previous_end(agent)
        if previous_end is not None:
            for shifts in days:
                for s in shifts:
                    if candidates.start[s] < previous_end + rest:
                        model.add(variables.x(int(s)) == 0)
        for day, earlier in enumerate(days):
            if len(earlier) == 0:
                continue
            latest_end = int(candidates.end[earlier].max())
            for later_day in range(day + 1, data.days):
                later = days[later_day]
                if len(later) == 0:
                    continue
                if int(candidates.start[later].min()) >= latest_end + rest:
                    break
                for end in sorted({int(e) for e in candidates.end[earlier]}):
                    clash_later = [s for s in later if candidates.start[s] < end + rest]
                    if not clash_later:
                        continue
                    clash_earlier = [s for s in earlier if candidates.end[s] >= end]
                    model.add_at_most_one(
                        variables.x(int(s)) for s in [*clash_earlier, *clash_later]
                    )
    return []
