"""The CP-SAT model: build, solve, extract. The only place that runs CP-SAT."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.objective import POINTS
from shiftplan.solver.constraints import HARD_FAMILIES, add_all
from shiftplan.solver.data import ModelData
from shiftplan.solver.interrupt import StopRequest, run
from shiftplan.solver.variables import Variables


@dataclass(frozen=True)
class Progress:
    """One line of live progress: a new best roster was found.

    The first roster that keeps every rule and the agent-by-agent
    heuristic's roster are reported once each (no objective yet); column
    generation reports each improved bound (source ``bound``, no objective);
    CP-SAT reports each improving roster with its objective and bound.
    """

    elapsed: float
    objective: float | None
    bound: float | None
    source: str = "cp-sat"

    @property
    def gap(self) -> float | None:
        """Relative gap of this roster to the proven bound (None if unknown)."""
        if self.objective is None or self.bound is None:
            return None
        if abs(self.objective) < 1e-12:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


@dataclass(frozen=True)
class SolveParams:
    """How to run CP-SAT.

    Attributes
    ----------
    time_limit
        Wall-clock seconds; the best roster found by then is returned.
    workers
        Parallel search workers (0: eight or the number of cores, more).
    seed
        Random seed of the search.
    deterministic_limit
        CP-SAT deterministic time limit. With it the heuristic runs to
        convergence regardless of the clock and CP-SAT interleaves its
        workers, so the roster repeats exactly on every run and machine (as
        long as ``time_limit`` is not reached first); None for wall-clock only.
    log
        Print CP-SAT's own search log.
    hint_shifts
        Candidate indices of a previous roster to start the search from.
    parameters
        Any other CP-SAT parameter by name, passed through unchanged.
    progress
        Called with a :class:`Progress` at every improving roster.
    heuristic_share
        Share of the time limit the agent-by-agent heuristic may use before
        CP-SAT starts (0 turns it off).
    bound_share
        Share of the time limit for the column-generation lower bound
        (0 turns it off; skipped in deterministic runs). Each phase ends at
        the sum of the shares so far, so time one phase leaves goes on.
    polish_share
        Share of the time limit the descent may spend polishing the roster
        read off the column-generation relaxation.
    cp_sat_share
        Share of the time limit kept for CP-SAT at the end, at least; the
        descent may continue on the better roster until then.
    """

    time_limit: float = 50.0
    workers: int = 0
    seed: int = 0
    deterministic_limit: float | None = None
    log: bool = False
    hint_shifts: frozenset[int] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[Progress], None] | None = None
    heuristic_share: float = 0.2
    bound_share: float = 0.65
    polish_share: float = 0.1
    cp_sat_share: float = 0.05


@dataclass(frozen=True)
class ModelOutcome:
    """What the search returned, as candidate indices.

    The allocation of agents to queues is not part of it: the reports
    recompute the best allocation from the roster itself.
    """

    status: str
    shifts: list[int]
    objective: int | None
    bound: int | None
    runtime: float
    heuristic_shifts: list[int] | None = None


class _ProgressPrinter(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        report: Callable[[Progress], None] | None,
        scale: float,
        stop: StopRequest,
        started: float,
        lower: int | None = None,
    ) -> None:
        super().__init__()
        self._lower = -np.inf if lower is None else lower
        self._report = report
        self._scale = scale
        self._stop = stop
        self._started = started

    def on_solution_callback(self) -> None:
        if self._stop():
            self.stop_search()
        if self._report is None:
            return
        self._report(
            Progress(
                # Seconds since the solve began, not since CP-SAT did.
                elapsed=time.perf_counter() - self._started,
                objective=self.objective_value / self._scale,
                bound=max(self.best_objective_bound, self._lower) / self._scale,
            )
        )


def build(data: ModelData) -> tuple[cp_model.CpModel, Variables, cp_model.LinearExprT]:
    """The whole model: variables, every constraint family, the objective."""
    model = cp_model.CpModel()
    variables = Variables.create(model, data)
    terms = add_all(model, data, variables)
    coefficients = data.coefficients
    objective = sum(getattr(coefficients, term) * expression for term, expression in terms)
    model.minimize(objective)
    return model, variables, objective


def solve_model(data: ModelData, params: SolveParams) -> ModelOutcome:
    """Find a first roster quickly, then let CP-SAT improve it and prove a bound.

    Without a hint, a quick solve of the hard rules alone gives a roster
    that keeps every rule, and coordinate descent over agents
    (:mod:`shiftplan.solver.heuristic`) turns it into a good one within a
    fraction of the time limit. CP-SAT then starts from that roster. If
    CP-SAT finds nothing better in time, the heuristic's roster is returned
    with CP-SAT's bound. Ctrl-C at any point returns the best roster so far.
    """
    from shiftplan.solver.bound import lagrangian_bound
    from shiftplan.solver.heuristic import improve_by_agent, roster_cost, rule_keeping_roster

    started = time.perf_counter()

    def announce(source: str, bound: float | None = None) -> None:
        """A progress line for a phase's result (no objective yet)."""
        if params.progress is not None:
            params.progress(Progress(time.perf_counter() - started, None, bound, source))

    with StopRequest() as stop:
        models: dict[int, Any] = {}
        hint = params.hint_shifts
        if not hint:
            hint, failed = rule_keeping_roster(data, models)
            if failed:
                elapsed = time.perf_counter() - started
                impossible = any(status == "INFEASIBLE" for _, status in failed)
                status = "INFEASIBLE" if impossible else "UNKNOWN"
                return ModelOutcome(status, [], None, None, elapsed)
            announce("all rules kept, demand not yet")
        if params.heuristic_share > 0:
            # A deterministic run bounds the descent by passes, never by the clock.
            budget = (
                float("inf")
                if params.deterministic_limit is not None
                else params.time_limit * params.heuristic_share
            )
            hint = improve_by_agent(
                data, hint, budget, seed=params.seed, passes=20, stop=stop, models=models
            ).shifts
            announce("heuristic")
        if params.hint_shifts and not keeps_hard_rules(data, hint):
            # A roster from elsewhere (last cycle's, or edited by hand) may
            # break a rule the heuristic did not get to repair in time.
            hint, _ = rule_keeping_roster(data, models)
        lower = None
        if params.bound_share > 0 and params.deterministic_limit is None and not stop():
            # Time the heuristic did not need goes to the bound: its phase
            # ends at a share of the whole time limit, not after one.
            shares = params.heuristic_share + params.bound_share
            budget = started + params.time_limit * shares - time.perf_counter()

            reported = [-float("inf")]

            def report_bound(bound: int) -> None:
                # One line every few seconds: the bound rises at every round.
                if time.perf_counter() - reported[0] >= 5.0:
                    reported[0] = time.perf_counter()
                    announce("bound", bound / POINTS)

            generation = lagrangian_bound(data, hint, budget, models, stop, on_bound=report_bound)
            lower = generation.bound
            if generation.rounded is not None and not stop():
                # The relaxation's favourite schedule per agent is a second
                # starting point, often in a better valley than the first.
                budget = started + params.time_limit * (shares + params.polish_share)
                polished = improve_by_agent(
                    data, generation.rounded, budget - time.perf_counter(),
                    seed=params.seed, passes=20, stop=stop, models=models,
                ).shifts  # fmt: skip
                if roster_cost(data, polished) < roster_cost(data, hint):
                    hint = polished
                    announce("relaxation")
            if not stop():
                # On large teams neither descent has converged by now, and
                # CP-SAT cannot even reload the roster in the time left: let
                # the descent go on until a pass changes nothing (at once on
                # small teams, which leaves CP-SAT its time).
                budget = started + params.time_limit * (1 - params.cp_sat_share)
                hint = improve_by_agent(
                    data, hint, budget - time.perf_counter(),
                    seed=params.seed + 1, passes=20, stop=stop, models=models,
                ).shifts  # fmt: skip
        if not stop():
            model, variables, _ = build(data)
        if stop():
            # Ctrl-C: the roster so far, and the bound column generation
            # proved before it, if it got that far.
            elapsed = time.perf_counter() - started
            return ModelOutcome("FEASIBLE", sorted(hint), None, lower, elapsed, sorted(hint))
        return _search(params, model, variables, hint, started, stop, lower)


def _search(
    params: SolveParams,
    model: cp_model.CpModel,
    variables: Variables,
    hint: frozenset[int] | None,
    started: float,
    stop: StopRequest,
    lower: int | None = None,
) -> ModelOutcome:
    """The CP-SAT phase: improve the hint, prove a bound, stop on Ctrl-C.

    The bound reported is the better of CP-SAT's and ``lower`` (from column
    generation, :mod:`shiftplan.solver.bound`).
    """
    if hint is not None:
        # Completing the hint may take a tenth of the limit, and half of
        # what is left at most, so the search keeps the other half.
        left = params.time_limit - (time.perf_counter() - started)
        complete_hint(
            model,
            variables,
            hint,
            max(1.0, min(params.time_limit / 10, left / 2)),
            workers=1 if params.deterministic_limit is not None else 8,
        )
    solver = _solver(params, time.perf_counter() - started)
    callback = _ProgressPrinter(params.progress, POINTS, stop, started, lower)
    status = run(solver, model, callback)
    name = solver.status_name(status)
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
    if status == cp_model.INFEASIBLE or heuristic is None:
        return ModelOutcome(name, [], None, None, runtime)
    # CP-SAT stopped before repairing the hint: the heuristic's roster keeps
    # every hard rule, so it is a valid answer.
    return ModelOutcome(
        status="FEASIBLE",
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
) -> None:
    """Hint every variable of the model from a roster, not just the shifts.

    CP-SAT drops a hint it cannot complete quickly, and with only the shift
    variables hinted it did: its first solution on the example was ten times
    worse than the roster hinted. So we fix the shifts and the optimal
    allocation of their agents to queues (:mod:`shiftplan.allocation`), let
    CP-SAT settle the cost variables (each is then fixed by its own cuts),
    and hint the complete assignment: the search starts from the roster
    given, at its true score.
    """
    from shiftplan.solver.heuristic import optimal_staff

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
        for index in range(len(proto.variables)):
            var = model.get_int_var_from_proto_index(index)
            model.add_hint(var, solver.value(var))
    else:
        for position, var in enumerate(variables.shift):
            model.add_hint(var, int(position in shifts))


def keeps_hard_rules(data: ModelData, shifts: frozenset[int]) -> bool:
    """Whether this roster keeps every hard rule (the shifts fixed, nothing to search)."""
    return feasible(replace(data, fixed_shifts=shifts, families=frozenset(HARD_FAMILIES))) is True


def feasible(data: ModelData, time_limit: float = 10.0) -> bool | None:
    """Whether the hard families of ``data`` admit a roster (None: unknown in time)."""
    model = cp_model.CpModel()
    variables = Variables.create(model, data)
    for name, family in HARD_FAMILIES.items():
        if data.builds(name):
            family(model, data, variables)
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


def _solver(params: SolveParams, spent: float = 0.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.max_time_in_seconds = max(1.0, params.time_limit - spent)
    # CP-SAT's portfolio (LNS, feasibility jump, LP) needs about eight
    # workers to be effective; on two cores they share time, which finds
    # rosters far sooner than two workers alone.
    parameters.num_workers = params.workers or max(8, os.cpu_count() or 1)
    parameters.random_seed = params.seed
    parameters.log_search_progress = params.log
    # Ctrl-C stops the search and returns the best roster so far, through
    # Python's handler (shiftplan.solver.interrupt), never CP-SAT's.
    parameters.catch_sigint_signal = False
    if params.deterministic_limit is not None:
        parameters.max_deterministic_time = params.deterministic_limit
        parameters.interleave_search = True
    for key, value in params.parameters.items():
        setattr(parameters, key, value)
    return solver
