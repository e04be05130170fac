"""The search around the relaxation: fix what column generation decided, search the rest.

Column generation's last master solution says, for each agent and day, how
much of the agent it puts on each shift (:attr:`ColumnGeneration.mass`).
Where one shift has nearly all of it, or the day's shifts nearly none, the
relaxation has made up its mind; where it splits the agent, it has not. The
whole-team CP-SAT model with the decided days fixed is a far smaller search,
and one whose answers lie close to the relaxation, which on the head-count
benchmarks is within a fraction of a percent of the optimum. This is
relaxation-induced neighbourhood search (Danna, Rothberg and Le Pape, 2005)
with the Dantzig-Wolfe master's solution in place of the model's own linear
relaxation, which on these problems is far weaker.

On Curtois Instance8, from a relaxation of 13 rounds, 15 s of CP-SAT with the
days fixed on which it and the incumbent agree reached 1,603, against 1,786
on the whole model (best known 1,300); from a relaxation solved to its end,
1,407, where the integer master over the same columns gives 1,896. The full
search then goes on from the best roster, with whatever time is left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.runtime import (
    ProgressCallback,
    full_solver,
    hint_solution,
    run,
    shifts_fixed,
)
from shiftplan.solver.types import SolveParams
from shiftplan.solver.variables import Variables

DECIDED = 0.7
"""A day is decided when one shift holds this share of its agent (or the shifts together hold
one less it) and the incumbent roster works that shift (rests that day). On Curtois Instance8,
15 s around a relaxation of 13 rounds reached 1,720 at 0.5, 1,603 at 0.7 and 1,678 at 0.9,
against 1,786 for the whole model; fixing the decided days whatever the incumbent does gave
1,721 (and on the example team, a roster 20% worse than the incumbent: CP-SAT could not
start from it)."""

SLICES = 3
"""The neighbourhood's time is cut in this many searches; each one that improves the roster
moves the neighbourhood to agree with it, and one that does not ends the neighbourhoods. A
search that exhausts its neighbourhood early widens the next one instead (half-way from its
threshold to 1) and does not count."""

WIDEST = 0.995
"""Thresholds above this fix next to nothing: the whole model's search takes over."""

SHARE = 0.6
"""Share of the search's time for the neighbourhood; the whole model gets the rest."""


@dataclass(frozen=True)
class Decided:
    """The shifts the relaxation decided: worked, and not worked."""

    on: list[int]
    off: list[int]

    @property
    def days(self) -> int:
        """Agent-days decided (a day off fixes all of its shifts)."""
        return len(self.on) + len(self.off)


def decided(
    data: ModelData,
    mass: NDArray[np.float64],
    threshold: float,
    incumbent: frozenset[int] | None = None,
) -> Decided:
    """Agent-days on which the relaxation puts ``threshold`` of the agent on one shift, or off.

    With an ``incumbent`` roster, only the days on which it agrees (it works
    that shift, or rests): then the incumbent lies in the neighbourhood, and
    the search can only improve on it. ``off`` lists one shift per day off
    (its first); :func:`fixings` expands the day.
    """
    on: list[int] = []
    off: list[int] = []
    for shifts in data.shifts_by_agent_day.values():
        if len(shifts) == 0:
            continue
        share = mass[shifts]
        best = int(np.argmax(share))
        worked = incumbent is None or int(shifts[best]) in incumbent
        rests = incumbent is None or not incumbent.intersection(shifts.tolist())
        if share[best] >= threshold and worked:
            on.append(int(shifts[best]))
        elif 1.0 - float(share.sum()) >= threshold and rests:
            off.append(int(shifts[0]))
    return Decided(on, off)


def fixings(data: ModelData, days: Decided) -> dict[int, int]:
    """Shift variable positions and the values they are fixed to."""
    candidates = data.candidates
    fixed = dict.fromkeys(days.on, 1)
    for first in days.off:
        key = (int(candidates.agent[first]), int(candidates.day[first]))
        fixed.update(dict.fromkeys((int(s) for s in data.shifts_by_agent_day[key]), 0))
    return fixed


def search_neighbourhood(
    params: SolveParams,
    model: cp_model.CpModel,
    variables: Variables,
    mass: NDArray[np.float64],
    seconds: float,
    callback: ProgressCallback,
    hint: frozenset[int],
    incumbent: int | None = None,
) -> frozenset[int] | None:
    """Search around the relaxation and the roster ``hint``, for ``seconds`` in all.

    Each search fixes the days on which the relaxation and the roster agree
    (:func:`decided`), so the roster lies in the neighbourhood and is CP-SAT's
    start (the model is hinted with it). A roster better than ``incumbent``
    (the hint's objective; None: unknown) becomes the model's hint, every
    variable of it, and the next neighbourhood agrees with it. A neighbourhood
    searched to its end widens the next. Returns the last roster found
    better, or None. The model's rules are left as they were.
    """
    data = variables.data
    deadline = time.perf_counter() + seconds
    improved: frozenset[int] | None = None
    threshold = DECIDED
    searches = 0
    while searches < SLICES and threshold < WIDEST:
        left = (deadline - time.perf_counter()) / (SLICES - searches)
        if left < 0.2:
            break
        fixed = fixings(data, decided(data, mass, threshold, hint))
        if not fixed:
            break
        solver = full_solver(params)
        solver.parameters.max_time_in_seconds = left
        with shifts_fixed(model, variables, fixed):
            status = run(solver, model, callback)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        objective = round(solver.objective_value)
        if incumbent is None or objective < incumbent:
            hint_solution(model, solver)
            hint = improved = frozenset(variables.extract_shifts(solver))
            incumbent = objective
        elif status != cp_model.OPTIMAL:
            break  # neither better nor exhausted: the whole model's turn
        if status == cp_model.OPTIMAL:
            # The neighbourhood is exhausted, in less than its time: widen it
            # (fix only the days decided more firmly); this costs no slice.
            threshold = (1.0 + threshold) / 2
        else:
            searches += 1
    return improved
