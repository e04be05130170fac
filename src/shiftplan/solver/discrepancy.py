"""Dives that backtrack: limited discrepancy search over the master's fixings.

A dive (:meth:`~shiftplan.solver.master.RestrictedMaster.dive`) fixes one
agent a step to the schedule the relaxation favours most, prices the agents
left free, and ends with whole schedules; one dive is one draw. Here the
dive is the leftmost path of a search tree whose other branches fix, at a
node, the second likeliest schedule instead of the first (which is then
*tabu* in that branch: never fixed there, though it stays in the linear
program). Only the nodes near the top branch (``depth`` levels, ``breadth``
ways each): the discrepancies that change most are the early ones. A node
whose relaxation, priced to its end, cannot beat the best roster found by
a whole step is cut off, which keeps the later dives short. When a tree is
searched through, the next one branches a level deeper. This is the diving
with limited discrepancy search of Sadykov, Vanderbeck, Pessoa, Tahiri and
Uchoa, "Primal heuristics for branch and price: the assets of diving
methods" (INFORMS Journal on Computing 31, 2019).

On Curtois Instance8 at 60 s (30 employees, relaxation 1,296.6, optimum
1,300) the first dive ends at 1,407 and two more shaken dives at best 1,309;
this search from the first dive's master reaches 1,302-1,303 in 18 s.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
from numpy.typing import NDArray

from shiftplan.solver.master import RestrictedMaster, run_to_verdict

Vector = NDArray[np.float64]

Pricer = Callable[[Vector, frozenset[int]], list[tuple[int, list[int]]] | None]
"""The master's row duals and the types with agents still free, to the schedules worth adding
(None when out of time)."""


@dataclass
class Outcome:
    """What the search found and how it went."""

    values: Vector | None = None
    """HiGHS's value of every column at the cheapest roster found (None: none below the
    incumbent)."""
    cost: float = math.inf
    """That roster's cost in points (the incumbent's when none was found)."""
    costs: list[float] = field(default_factory=list)
    """Every roster found, in order: each cheaper than the last."""
    nodes: int = 0
    """Nodes whose linear program was solved and priced."""
    cut: int = 0
    """Nodes cut off: their relaxation could not beat the best roster."""
    dead_ends: int = 0
    """Nodes left with only tabu schedules fractional: nothing to fix."""
    stopped: str = "searched"
    """``"searched"`` (the deepest tree allowed was searched through), ``"hopeless"`` (the
    relaxation itself cannot beat the best roster), ``"time"`` (the deadline) or ``"stalled"``
    (no better roster in ``patience`` nodes)."""


def discrepancy_search(
    master: RestrictedMaster,
    deadline: float,
    price: Pricer,
    incumbent: float = math.inf,
    depth: int = 2,
    breadth: int = 2,
    patience: float = math.inf,
    deepest: int | None = None,
) -> Outcome:
    """Whole schedules by dives that backtrack near the top, until the ``deadline``.

    ``incumbent`` is the cost (points) of a roster known already: nodes that
    cannot beat it by the master's step (a whole point where costs are
    whole) are cut off. The first tree branches ``depth`` levels, each next
    one a level deeper, up to ``deepest`` (None: no limit). The search also
    stops after ``patience`` nodes without a better roster: counted in nodes,
    not seconds, it ends in the same place however busy the machine is.
    Like the dive, it ends the master's life as a linear program.
    """
    highs = master.highs
    first = len(master.cost)
    sizes = np.array([len(members) for members in master.groups], dtype=float)
    outcome = Outcome(cost=incumbent)
    # Bounds tightened, or lifted, on an optimal basis: the dual simplex resumes from it.
    highs.setOptionValue("simplex_strategy", 1)
    highs.setOptionValue("solver", "simplex")
    step = max(master.step, 1e-6)
    improved = 0  # nodes solved when the last better roster was found

    def set_bounds(lower: Vector) -> Vector:
        """Every column's lower bound set in HiGHS, padded for the columns added since."""
        count = len(master.owner)
        padded = np.zeros(count)
        padded[: len(lower)] = lower
        highs.changeColsBounds(
            count, np.arange(first, first + count, dtype=np.int32), padded,
            np.full(count, highspy.kHighsInf),
        )  # fmt: skip
        return padded

    def priced(lower: Vector) -> tuple[Vector, Vector, float] | None:
        """The node's linear program solved and priced to its end: values, bounds, value."""
        while True:
            highs.setOptionValue("time_limit", highs.getRunTime() + deadline - time.perf_counter())
            if run_to_verdict(highs) != highspy.HighsModelStatus.kOptimal:
                return None
            solution = highs.getSolution()
            owner = np.asarray(master.owner, dtype=np.int64)
            taken = np.bincount(owner, weights=lower, minlength=len(sizes))
            free = frozenset(np.flatnonzero(taken < sizes - 0.5).tolist())
            found = price(np.asarray(solution.row_dual), free) if free else []
            if found is None:
                return None
            if not found:
                value = highs.getInfo().objective_function_value + master.constant
                return np.asarray(solution.col_value), lower, value
            for group, shifts in found:
                master.add_column(group, shifts)
            lower = np.concatenate([lower, np.zeros(len(found))])

    def node(lower: Vector, level: int, branching: int, tabu: frozenset[int]) -> None:
        nonlocal improved
        now = time.perf_counter()
        if now > deadline:
            outcome.stopped = "time"
            return
        if outcome.nodes - improved >= patience:
            outcome.stopped = "stalled"
            return
        solved = priced(set_bounds(lower))
        if solved is None:
            outcome.stopped = "time"
            return
        outcome.nodes += 1
        values, lower, value = solved
        if value > outcome.cost - step + 1e-6:
            outcome.cut += 1
            if level == 0:
                outcome.stopped = "hopeless"
            return
        weights = values[first:]
        whole = np.floor(weights + 1e-6)
        part = weights - whole
        fractional = part > 1e-6
        if not fractional.any():
            outcome.values, outcome.cost = values, value
            outcome.costs.append(outcome.cost)
            improved = outcome.nodes
            return
        # Every whole weight stays; one more agent goes to a schedule it is
        # nearly on: the likeliest first, then (near the top) the next ones.
        fixed = np.maximum(lower, whole)
        owner = np.asarray(master.owner, dtype=np.int64)
        free_agents = sizes - np.bincount(owner, weights=fixed, minlength=len(sizes))
        ways = breadth if level < branching else 1
        chosen: list[int] = []
        groups: set[int] = set()
        for column in np.argsort(-np.where(fractional, part, -1.0), kind="stable"):
            if not fractional[column] or len(chosen) >= ways:
                break
            group = int(owner[column])
            if int(column) in tabu or group in groups or free_agents[group] < 1:
                continue
            chosen.append(int(column))
            groups.add(group)
        if not chosen:
            outcome.dead_ends += 1
            return
        for tried, column in enumerate(chosen):
            child = fixed.copy()
            child[column] = whole[column] + 1
            node(child, level + 1, branching, tabu.union(chosen[:tried]))
            if outcome.stopped != "searched":
                return

    branching = depth
    while outcome.stopped == "searched":
        node(np.zeros(len(master.owner)), 0, branching, frozenset())
        if deepest is not None and branching >= deepest:
            break
        branching += 1
    return outcome
