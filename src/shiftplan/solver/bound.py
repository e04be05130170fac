"""A lower bound by column generation: how good could any roster be?

CP-SAT's own bound on large teams stays far below the rosters it finds,
because the linear relaxation of "shift variables per agent" lets every agent
be a fraction of every start time. Dantzig-Wolfe decomposition fixes that:
each agent's column is a whole schedule that keeps all of that agent's hard
rules (every hard rule concerns one agent), and a master linear program
mixes schedules, splits agents among queues (Hall's condition) and prices
late contacts with the same convex cuts as the CP-SAT model.

Pricing is each agent's own small CP-SAT model (the one the heuristic uses)
with intervals weighted by the master's duals. At every iteration, the
Lagrangian bound ``master value + sum of each agent's most negative reduced
cost`` is a valid lower bound on the whole objective (the terms left out of
the master, overstaffing, fairness, stable starts and requests, are never
negative). We keep the best one seen within the time budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray
from ortools.sat.python import cp_model
from scipy.optimize import linprog

from shiftplan.solver.cpmodel import run
from shiftplan.solver.data import ModelData
from shiftplan.solver.heuristic import _agent_model, _small_solver

PRICE_SCALE = 1000.0
"""Duals are rounded to 1/1000 of a point for the integer pricing models."""


def lagrangian_bound(
    data: ModelData,
    start: frozenset[int],
    time_budget: float,
    models: dict[int, Any] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int | None:
    """The best valid lower bound on the objective found within the budget.

    Parameters
    ----------
    data
        The model inputs.
    start
        A roster that keeps every hard rule; its agents' schedules are the
        first columns.
    time_budget
        Wall-clock seconds.
    models
        Agents' own models built before, reused for pricing.
    stop
        Polled between iterations (Ctrl-C).

    Returns
    -------
    int or None
        A lower bound in objective points, or None when none was proved
        (the late-contacts term is off, or no iteration finished in time).
    """
    coefficient = data.coefficients.late_contacts
    if coefficient == 0 or not data.agents:
        return None
    deadline = time.perf_counter() + time_budget
    master = _Master(data, coefficient)
    schedules: list[list[int]] = [[] for _ in data.agents]
    for shift in start:
        schedules[int(data.candidates.agent[shift])].append(int(shift))
    for agent, shifts in enumerate(schedules):
        master.add_column(agent, shifts)
    models = {} if models is None else models
    solver = _small_solver()
    best: float | None = None
    while time.perf_counter() < deadline and not (stop is not None and stop()):
        solved = master.solve(deadline - time.perf_counter())
        if solved is None:
            break
        value, weights, convexity = solved
        reduced_total = 0.0
        exact = True
        added = 0
        for agent in range(len(data.agents)):
            if time.perf_counter() > deadline:
                exact = False
                break
            served = master.served_rows(agent)
            if not served:
                continue
            weight = np.sum(weights[served], axis=0)
            if agent not in models:
                models[agent] = _agent_model(data, agent)
            chosen, gain, optimal = _price(data, models[agent], weight, solver)
            exact &= optimal
            reduced = -gain - convexity[agent]
            # Rounded duals: the true best schedule can beat the one found
            # by at most one rounding step per working day.
            reduced_total += min(0.0, reduced - data.days / PRICE_SCALE)
            if reduced < -1e-6:
                master.add_column(agent, chosen)
                added += 1
        if exact:
            bound = value + reduced_total
            best = bound if best is None else max(best, bound)
        if added == 0:
            break
    return None if best is None else int(np.floor(best))


def _price(
    data: ModelData, agent_model: Any, weight: NDArray[np.float64], solver: cp_model.CpSolver
) -> tuple[list[int], float, bool]:
    """The agent's schedule worth most at these interval weights."""
    candidates = data.candidates
    prefix = np.concatenate([[0.0], np.cumsum(weight)])
    indices = agent_model.indices
    values = prefix[candidates.stop[indices]] - prefix[candidates.first[indices]]
    agent_model.model.maximize(
        sum(
            round(float(value) * PRICE_SCALE) * agent_model.variables.x(i)
            for i, value in enumerate(values)
        )
    )
    status = run(solver, agent_model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], 0.0, False
    picked = agent_model.variables.extract_shifts(solver)
    chosen = [int(indices[i]) for i in picked]
    return chosen, float(sum(values[i] for i in picked)), status == cp_model.OPTIMAL


class _Master:
    """The restricted master linear program, rebuilt with HiGHS each iteration."""

    def __init__(self, data: ModelData, coefficient: int) -> None:
        self.data = data
        self.coefficient = coefficient
        self.queues = [queue.name for queue in data.scenario.queues]
        self.subsets = [
            frozenset(subset)
            for size in range(1, len(self.queues) + 1)
            for subset in combinations(self.queues, size)
        ]
        self.patterns: list[list[NDArray[np.int64]]] = [[] for _ in data.agents]
        self._static = self._static_rows()

    def served_rows(self, agent: int) -> list[int]:
        """Subsets (rows blocks) the agent's skill class can staff."""
        kind = int(self.data.class_of_agent[agent])
        if kind < 0:
            return []
        served = self.data.skill_classes[kind][0]
        return [index for index, subset in enumerate(self.subsets) if served & subset]

    def add_column(self, agent: int, shifts: list[int]) -> None:
        """A whole schedule of one agent, as the intervals it covers."""
        candidates = self.data.candidates
        covered = [np.arange(candidates.first[s], candidates.stop[s]) for s in shifts]
        self.patterns[agent].append(
            np.concatenate(covered) if covered else np.empty(0, dtype=np.int64)
        )

    def _static_rows(self) -> tuple[sparse.csr_matrix, NDArray[np.float64], int]:
        """Hall rows (staff part) and late-contact cuts, which never change."""
        data = self.data
        intervals = data.intervals
        staff_columns = len(self.queues) * intervals
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        bounds: list[float] = []
        row = 0
        for subset in self.subsets:
            for t in range(intervals):
                for queue in subset:
                    rows.append(row)
                    cols.append(self.queues.index(queue) * intervals + t)
                    vals.append(1.0)
                bounds.append(0.0)
                row += 1
        for index, queue in enumerate(self.queues):
            table = data.requirements.curves[queue].late
            for t in range(intervals):
                curve = table[t]
                if curve[0] == 0:
                    continue
                previous = None
                for n, slope in enumerate(np.diff(curve).tolist()):
                    if slope == previous:
                        continue
                    previous = slope
                    if slope == 0 and curve[n] == 0:
                        break
                    # late >= curve[n] + slope (staff - n)
                    rows += [row, row]
                    cols += [index * intervals + t, staff_columns + index * intervals + t]
                    vals += [float(slope), -1.0]
                    bounds.append(-float(curve[n] - slope * n))
                    row += 1
        width = 2 * staff_columns
        matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(row, width))
        return matrix, np.asarray(bounds), width

    def solve(
        self, seconds: float
    ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]] | None:
        """Master value, Hall duals as weights (subset x interval), convexity duals."""
        data = self.data
        intervals = data.intervals
        static, bounds, width = self._static
        rows: list[NDArray[np.int64]] = []
        cols: list[NDArray[np.int64]] = []
        column = 0
        owner: list[int] = []
        for agent, patterns in enumerate(self.patterns):
            blocks = self.served_rows(agent)
            for covered in patterns:
                for block in blocks:
                    rows.append(block * intervals + covered)
                    cols.append(np.full(len(covered), column))
                owner.append(agent)
                column += 1
        all_rows = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        all_cols = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
        lambdas = sparse.csr_matrix(
            (-np.ones(len(all_rows)), (all_rows, all_cols)), shape=(static.shape[0], column)
        )
        upper = sparse.hstack([static, lambdas], format="csr")
        # Each agent works exactly one of its schedules (a convex combination).
        equal = sparse.csr_matrix(
            (np.ones(column), (np.asarray(owner), width + np.arange(column))),
            shape=(len(self.patterns), width + column),
        )
        cost = np.zeros(width + column)
        cost[width // 2 : width] = self.coefficient
        result = linprog(
            cost, A_ub=upper, b_ub=bounds, A_eq=equal, b_eq=np.ones(len(self.patterns)),
            bounds=(0, None), method="highs", options={"time_limit": max(1.0, seconds)},
        )  # fmt: skip
        if result.status != 0:
            return None
        duals = -np.asarray(result.ineqlin.marginals)[: len(self.subsets) * intervals]
        weights = duals.reshape(len(self.subsets), intervals)
        return float(result.fun), weights, np.asarray(result.eqlin.marginals)
