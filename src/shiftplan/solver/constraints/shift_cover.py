"""Shift cover: people wanted per shift type and local day ("3 on Early")."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_shift_cover(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Pay each demand row's weights per person short of, or above, its head-count.

    The head-count of a row is the number of agents working a shift type of
    that name on that local day, whatever their contract. Weights are
    counted in thousandths, as for requests, so fractional weights stay
    exact; a row with weight 0 on a side builds no variable for it.
    """
    if not data.coefficients.active("shift_cover") or not data.scenario.shift_cover:
        return []
    candidates = data.candidates
    start = data.scenario.horizon.start
    kind_names = [
        [shift.name for shift in data.contract(agent).shift_types]
        for agent in range(len(data.agents))
    ]
    by_day_type: dict[tuple[int, str], list[int]] = {}
    for (agent, day), options in data.shifts_by_agent_day.items():
        names = kind_names[agent]
        for s in options.tolist():
            kind = int(candidates.kind[s])
            if kind >= 0:
                by_day_type.setdefault((day, names[kind]), []).append(s)
    terms: list[tuple[str, LinearExpr]] = []
    for cover in data.scenario.shift_cover:
        day = (cover.day - start).days
        shifts = by_day_type.get((day, cover.shift_type), [])
        on = sum(variables.x(s) for s in shifts)
        under = round(cover.under_weight * 1000)
        over = round(cover.over_weight * 1000)
        if under > 0 and cover.required > 0:
            short = model.new_int_var(0, cover.required, f"cover_short_d{day}_{cover.shift_type}")
            model.add(short >= cover.required - on)
            terms.append(("shift_cover", under * short))
        if over > 0 and len(shifts) > cover.required:
            most = len(shifts) - cover.required
            extra = model.new_int_var(0, most, f"cover_extra_d{day}_{cover.shift_type}")
            model.add(extra >= on - cover.required)
            terms.append(("shift_cover", over * extra))
    return terms
