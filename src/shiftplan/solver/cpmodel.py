"""The CP-SAT model of the whole team: build it, hint it, search it.

:mod:`shiftplan.solver.phases` decides when this search runs; the CP-SAT
settings come from :mod:`shiftplan.solver.runtime`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.scoring import POINTS
from shiftplan.solver.constraints import HARD_FAMILIES, add_all, add_hard
from shiftplan.solver.data import ModelData
from shiftplan.solver.heuristic import optimal_staff
from shiftplan.solver.neighbourhood import SHARE, search_neighbourhood
from shiftplan.solver.runtime import (
    ProgressCallback,
    StopRequest,
    full_solver,
    hint_solution,
    run,
)
from shiftplan.solver.types import ModelOutcome, SolveParams, windowed
from shiftplan.solver.variables import Variables
from shiftplan.solver.windows import search_windows
from shiftplan.status import SolveStatus

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 5.0
"""At most this long to score the windows' roster exactly (see :func:`search`)."""


def build(data: ModelData) -> tuple[cp_model.CpModel, Variables, cp_model.LinearExprT]:
    """The whole model: variables, every constraint family, the objective."""
    model = cp_model.CpModel()
    variables = Variables.create(model, data)
    terms = add_all(model, data, variables)
    coefficients = data.coefficients
    objective = sum(getattr(coefficients, term) * expression for term, expression in terms)
    model.minimize(objective)
    return model, variables, objective


def search(
    params: SolveParams,
    model: cp_model.CpModel,
    variables: Variables,
    hint: frozenset[int] | None,
    started: float,
    stop: StopRequest,
    lower: int | None = None,
    mass: NDArray[np.float64] | None = None,
) -> ModelOutcome:
    """The CP-SAT phase: improve the hint, prove a bound, stop on Ctrl-C.

    The bound reported is the better of CP-SAT's and ``lower`` (from column
    generation, :mod:`shiftplan.solver.bound`). With the relaxation's
    ``mass``, the search first spends a share of its time around the
    relaxation (:mod:`shiftplan.solver.neighbourhood`), then searches the
    whole model from the best roster so far. A small team on a long horizon
    (:func:`~shiftplan.solver.types.windowed`) is searched four weeks at a
    time (:mod:`shiftplan.solver.windows`) for all of its time instead.

    Parameters
    ----------
    params
        How to run CP-SAT.
    model, variables
        The whole model, from :func:`build`.
    hint
        The roster to start from (every hard rule kept), if any.
    started
        ``time.perf_counter()`` when the whole solve began.
    stop
        Ctrl-C as a flag.
    lower
        A bound proven before, in points, if any.
    mass
        Column generation's shift mass (:attr:`ColumnGeneration.mass`), if any.
    """
    incumbent = None
    if hint is not None:
        # Completing the hint may take a tenth of the limit, and half of
        # what is left at most, so the search keeps the other half.
        left = params.time_limit - (time.perf_counter() - started)
        completing = max(1.0, min(params.time_limit / 10, left / 2))
        if params.deterministic_limit is None:
            # On the clock, the floor of a second must not run past the limit.
            completing = max(0.1, min(params.time_limit / 10, left / 2))
        incumbent = complete_hint(
            model,
            variables,
            hint,
            completing,
            workers=1 if params.deterministic_limit is not None else 8,
        )
    by_windows = windowed(variables.data.days, len(variables.data.agents))
    if hint is not None and by_windows and params.deterministic_limit is None and not stop():
        # A small team on a long horizon: the whole model is beyond CP-SAT in
        # the time, four weeks of it are not (solver/windows.py).
        left = params.time_limit - (time.perf_counter() - started)
        through = ProgressCallback(params.progress, POINTS, stop, started, lower, bounds=False)
        in_windows = search_windows(params, model, variables, hint, incumbent, left, through, stop)
        best, objective = hint, incumbent
        if in_windows is not None:
            best, scored = in_windows
            # The roster's own score: CP-SAT stopped by the clock may leave a
            # cost variable above what its shifts cost.
            left = params.time_limit - (time.perf_counter() - started)
            settled = complete_hint(model, variables, best, min(SETTLE_SECONDS, max(1.0, left)))
            objective = scored if settled is None else min(settled, scored)
        return ModelOutcome(
            status=SolveStatus.FEASIBLE,
            shifts=sorted(best),
            objective=objective,
            bound=lower,
            runtime=time.perf_counter() - started,
            heuristic_shifts=sorted(hint),
        )
    if hint is not None and mass is not None and params.deterministic_limit is None and not stop():
        left = params.time_limit - (time.perf_counter() - started)
        around = ProgressCallback(params.progress, POINTS, stop, started, lower, bounds=False)
        seconds = SHARE * left
        found = search_neighbourhood(
            params, model, variables, mass, seconds, around, hint, incumbent
        )
        hint = hint if found is None else found
    solver = full_solver(params, time.perf_counter() - started)
    callback = ProgressCallback(params.progress, POINTS, stop, started, lower)
    status = run(solver, model, callback)
    name = SolveStatus(solver.status_name(status))
    runtime = time.perf_counter() - started
    heuristic = sorted(hint) if hint is not None else None
    proved = solver.best_objective_bound
    bounds = [round(proved)] if np.isfinite(proved) else []
    bound = max([*bounds, *([lower] if lower is not None else [])], default=None)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ModelOutcome(
            status=name,
            shifts=variables.extract_shifts(solver),
            objective=round(solver.objective_value),
            bound=bound,
            runtime=runtime,
            heuristic_shifts=heuristic,
        )
    if heuristic is None:
        return ModelOutcome(name, [], None, None, runtime)
    if status == cp_model.INFEASIBLE:
        # The hint keeps every hard rule, so only the bound added as a
        # constraint can be at fault: keep the hint, claim no bound.
        logger.warning("CP-SAT found the model with its proven bound infeasible; bound dropped")
        bound = None
    # CP-SAT stopped before repairing the hint: the heuristic's roster keeps
    # every hard rule, so it is a valid answer.
    return ModelOutcome(
        status=SolveStatus.FEASIBLE,
        shifts=heuristic,
        objective=None,
        bound=bound,
        runtime=runtime,
        heuristic_shifts=heuristic,
    )


def complete_hint(
    model: cp_model.CpModel,
    variables: Variables,
    shifts: frozenset[int],
    time_limit: float,
    workers: int = 8,
) -> int | None:
    """Hint every variable of the model from a roster, not just the shifts; its objective.

    CP-SAT drops a hint it cannot complete quickly, and with only the shift
    variables hinted it did: its first solution on the example was ten times
    worse than the roster hinted. So we fix the shifts and the optimal
    allocation of their agents to queues (:mod:`shiftplan.scoring.allocation`), let
    CP-SAT settle the cost variables (each is then fixed by its own cuts),
    and hint the complete assignment: the search starts from the roster
    given, at its true score. Returns that score (None if CP-SAT did not
    settle it in time: then only the shifts are hinted).
    """
    proto = model.proto
    indices = [var.index for var in variables.shift]
    staff = optimal_staff(variables.data, shifts)
    fixed = [(var.index, int(staff[queue][t])) for (queue, t), var in variables.staff_items()]
    saved = {
        index: (proto.variables[index].domain[0], proto.variables[index].domain[-1])
        for index, _ in fixed
    }
    for position, index in enumerate(indices):
        value = int(position in shifts)
        proto.variables[index].domain[0] = value
        proto.variables[index].domain[1] = value
    for index, value in fixed:
        low, high = saved[index]
        value = min(max(value, low), high)
        proto.variables[index].domain[0] = value
        proto.variables[index].domain[-1] = value
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.catch_sigint_signal = False
    status = run(solver, model)
    for index in indices:
        proto.variables[index].domain[0] = 0
        proto.variables[index].domain[1] = 1
    for index, (low, high) in saved.items():
        proto.variables[index].domain[0] = low
        proto.variables[index].domain[-1] = high
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        hint_solution(model, solver)
        return round(solver.objective_value)
    for position, var in enumerate(variables.shift):
        model.add_hint(var, int(position in shifts))
    return None


def keeps_hard_rules(data: ModelData, shifts: frozenset[int]) -> bool:
    """Whether this roster keeps every hard rule (the shifts fixed, nothing to search)."""
    return feasible(replace(data, fixed_shifts=shifts, families=frozenset(HARD_FAMILIES))) is True


def feasible(data: ModelData, time_limit: float = 10.0) -> bool | None:
    """Whether the hard families of ``data`` admit a roster (None: unknown in time)."""
    model = cp_model.CpModel()
    variables = Variables.create(model, data)
    add_hard(model, data, variables)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False
    status = run(solver, model)
    if status == cp_model.INFEASIBLE:
        return False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return None
