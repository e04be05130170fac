"""The search through time: the whole team, four weeks at a time.

On a long horizon CP-SAT cannot improve the whole model in the time it has
(Curtois Instance24: a million candidate shifts, nothing better in 104 s),
and the descent, which re-solves one employee at a time against the rest,
gains little (Instance22, 50 employees x 364 days: 455,767 to 442,211 in
30 s). Fixing every shift outside a window of four weeks to the incumbent
leaves CP-SAT a problem of the size it solves well (Curtois instances 1-12
are 28 days long), while every rule that crosses the window's edges (runs
of work and rest, minutes and weekends over the whole cycle) stays in the
model, so every answer keeps every rule of the whole horizon. Windows
overlap by half, so that what one window's edge cut off lies inside the
next, and go round the horizon until the time is up or a whole round finds
nothing better. On Instance22, from the descent's 442,211, four windows of
10 s each reached 419,456, 396,366, 372,058 and 351,111. Only for teams of up to
:data:`~shiftplan.solver.types.WINDOW_TEAM`: a window of a larger team is more than
CP-SAT improves in seconds (Instance23, 100 employees x 364 days: 320,941 with
two-week windows, 371,810 with four, 221,003 with the descent alone).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.solver.runtime import (
    ProgressCallback,
    full_solver,
    hint_solution,
    run,
    shifts_fixed,
)
from shiftplan.solver.types import SolveParams
from shiftplan.solver.variables import Variables

WINDOW_DAYS = 28
"""Days of one window: the horizon CP-SAT rosters well within seconds."""

SLICE_SECONDS = (5.0, 20.0)
"""Least and most seconds for one window; between them, a round of windows shares the time."""


def windows(days: int, length: int = WINDOW_DAYS) -> list[tuple[int, int]]:
    """Windows ``[first, stop)`` of ``length`` days, each starting half a window after the last.

    The last one ends on the horizon's last day; a horizon no longer than a
    window is one window.
    """
    if days <= length:
        return [(0, days)]
    step = max(1, length // 2)
    spans = [(first, first + length) for first in range(0, days - length, step)]
    spans.append((days - length, days))
    return spans


def search_windows(
    params: SolveParams,
    model: cp_model.CpModel,
    variables: Variables,
    hint: frozenset[int],
    incumbent: int | None,
    seconds: float,
    callback: ProgressCallback,
    stop: Callable[[], bool],
) -> tuple[frozenset[int], int] | None:
    """Search window after window for ``seconds`` in all, from roster ``hint``.

    ``incumbent`` is the hint's objective (None: unknown, so the first
    roster found is taken). Each window's search starts from the best
    roster so far (the model is hinted with every variable of it) and may
    only change the shifts inside the window. Returns the best roster found
    and CP-SAT's objective for it, or None if no window improved the hint.
    Stopped by the clock, CP-SAT may leave a cost variable above what the
    shifts cost (Instance16: 6,001 for a roster of 5,799), so the caller
    scores the roster itself. The model's rules are left as they were.
    """
    day = variables.data.candidates.day
    spans = windows(variables.data.days)
    deadline = time.perf_counter() + seconds
    low, high = SLICE_SECONDS
    share = min(high, max(low, seconds / len(spans)))
    current = hint
    best: tuple[frozenset[int], int] | None = None
    fruitless = 0
    turn = 0
    late = 0.0  # the most a window has run past its search's limit
    while fruitless < len(spans):
        # Room for this window's overrun and for the caller to score the result.
        left = deadline - time.perf_counter() - 2 * late
        if left < 2.0 or stop():
            break
        first, end = spans[turn % len(spans)]
        turn += 1
        outside = np.flatnonzero((day < first) | (day >= end))
        worked = np.isin(outside, np.fromiter(current, dtype=np.int64, count=len(current)))
        fixed = dict(zip(outside.tolist(), worked.astype(int).tolist(), strict=True))
        solver = full_solver(params)
        # The last second is for scoring what the window found.
        solver.parameters.max_time_in_seconds = min(share, left - 1.0)
        began = time.perf_counter()
        with shifts_fixed(model, variables, fixed):
            status = run(solver, model, callback)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if found and (incumbent is None or round(solver.objective_value) < incumbent):
            hint_solution(model, solver)
            current = frozenset(variables.extract_shifts(solver))
            incumbent = round(solver.objective_value)
            best = (current, incumbent)
            fruitless = 0
        else:
            fruitless += 1
        # Loading the model and hinting it take time past the search's limit.
        late = max(late, time.perf_counter() - began - solver.parameters.max_time_in_seconds)
    return best
