"""Branch and price on who works which shift: rosters the relaxation's neighbours miss, and proofs.

Column generation's relaxation puts each agent on a mix of schedules. For
one type of agents and one shift, the mix's weight on the schedules that
hold the shift says how many of the type's agents work it; where that is
not a whole number the tree branches, on the *original* variables of the
problem (who works which shift) rather than on the master's schedules: at
least the next whole number in one branch, at most the last in the other,
each a bound on a row of the master (:meth:`RestrictedMaster.branch_row`).
The row's dual enters the shift's value in pricing, so every node's linear
program is priced to its end under its decisions, and its value bounds every
roster below it: a node that cannot beat the best roster by a whole step is
cut off. Branching on schedules instead (fix one, or forbid it: the dives
that backtrack which this search replaced) leaves the second branch nearly
where it was, since a forbidden schedule has near twins; branching on a
shift splits the relaxation in two.

The tree is searched by limited discrepancy, deepest discrepancy rising:
the first search is a dive that puts one more agent on a shift at each
node; search *k* takes both branches above depth *k* - 1 (the likelier
first), only the second at depth *k* - 1 (the first was the search
before's) and dives below. A search whose every node branched both ways
was the whole tree: nothing beats the best roster found (or the
incumbent) by a step, which proves it optimal.

Curtois instances at 60 s (seed 0), after the first dive that fixes whole
schedules: Instance7 (20 employees, relaxation 1,054.1) reaches its
optimum, 1,056, at node 179-293, where the dives that branch on schedules
stopped at 1,057 in every run; Instance8 1,301 (1,302; optimum 1,300); and
the whole tree proves Instance6's 1,950 optimal at 3.2 s and Instance5's
1,143 at 11.3 s, where column generation's bound had stopped at 1,949
and the integer master's proof took 35 s.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
from numpy.typing import NDArray

from shiftplan.solver.master import Pricer, RestrictedMaster, run_to_verdict

Vector = NDArray[np.float64]

Decisions = dict[int, tuple[float, float]]
"""A node's branching rows and their bounds."""

FREE = (-highspy.kHighsInf, highspy.kHighsInf)


@dataclass
class Tree:
    """What the search found and how it went."""

    values: Vector | None = None
    """HiGHS's value of every column at the cheapest roster found (None: none below the
    incumbent)."""
    cost: float = math.inf
    """That roster's cost in points (the incumbent's when none was found)."""
    costs: list[float] = field(default_factory=list)
    """Every roster found, in order: each cheaper than the last."""
    found_at: list[int] = field(default_factory=list)
    """The nodes solved when each was found."""
    nodes: int = 0
    """Nodes whose linear program was solved and priced to its end."""
    cut: int = 0
    """Nodes cut off: their relaxation could not beat the best roster by a step."""
    dead_ends: int = 0
    """Nodes the search could not go on from: a restricted master without a solution, or
    whole shifts from fractional schedules (types of several agents)."""
    searches: int = 0
    """Limited discrepancy searches begun (the first is the dive)."""
    bound: float = -math.inf
    """A bound (points) on every roster, from the last search that ended by itself: the
    least of the best roster's cost and the values of the nodes whose other branch it left
    unsearched. The best roster's cost when the tree was searched through."""
    stopped: str = "time"
    """``"proved"`` (a whole tree searched: nothing beats ``cost`` by a step), ``"time"``
    (the deadline) or ``"stalled"`` (no better roster in ``patience`` nodes)."""


def branch_and_price(
    master: RestrictedMaster,
    deadline: float,
    price: Pricer,
    incumbent: float = math.inf,
    patience: float = math.inf,
) -> Tree:
    """Whole schedules, and perhaps a proof, by branch and price until the ``deadline``.

    ``incumbent`` is the cost (points) of a roster known already: nodes
    that cannot beat it by the master's step are cut off, and a proof is
    about it when the search finds nothing cheaper. The search stops after
    ``patience`` nodes without a better roster: counted in nodes, not
    seconds, it ends in the same place however busy the machine is. Any
    dive's fixings are lifted first; every branching row is free again at
    the end, when the master is the integer master's to use.
    """
    highs = master.highs
    first = len(master.cost)
    count = len(master.owner)
    highs.changeColsBounds(
        count, np.arange(first, first + count, dtype=np.int32), np.zeros(count),
        np.full(count, highspy.kHighsInf),
    )  # fmt: skip
    highs.setOptionValue("solver", "simplex")
    every = frozenset(range(len(master.groups)))
    # A node must beat the best roster by a step where costs are whole
    # points, by more than rounding error where they are not.
    margin = master.step - 1e-6 if master.step else 1e-6
    tree = Tree(cost=incumbent)
    applied: Decisions = {}
    improved = 0  # nodes solved when the last better roster was found

    def apply(decisions: Decisions) -> None:
        """The node's row bounds set in HiGHS, changing only what differs from the last node."""
        for row in [row for row in applied if row not in decisions]:
            highs.changeRowBounds(row, *FREE)
            del applied[row]
        for row, bounds in decisions.items():
            if applied.get(row) != bounds:
                highs.changeRowBounds(row, *bounds)
                applied[row] = bounds

    def priced(decisions: Decisions) -> tuple[Vector, float] | str:
        """The node's linear program priced to its end: values and value, or why not."""
        apply(decisions)
        # Bounds changed on an optimal basis: the dual simplex resumes from
        # it; columns appended keep it primal feasible: the primal simplex.
        # (Always the dual simplex: a third slower on Instance7, 19 ms a
        # solve instead of 12, and other vertices.)
        highs.setOptionValue("simplex_strategy", 1)
        while True:
            highs.setOptionValue("time_limit", highs.getRunTime() + deadline - time.perf_counter())
            status = run_to_verdict(highs)
            if status == highspy.HighsModelStatus.kInfeasible:
                return "dead end"
            if status != highspy.HighsModelStatus.kOptimal:
                return "time"
            solution = highs.getSolution()
            found = price(np.asarray(solution.row_dual), every)
            if found is None:
                return "time"
            if not found:
                value = highs.getInfo().objective_function_value + master.constant
                return np.asarray(solution.col_value), value
            for group, shifts in found:
                master.add_column(group, shifts)
            highs.setOptionValue("simplex_strategy", 4)

    def branch(weights: Vector) -> tuple[int, int, float] | None:
        """The type and shift whose agents' number is nearest a half: (type, shift, number)."""
        mass: dict[tuple[int, int], float] = {}
        for column in np.flatnonzero(weights > 1e-6).tolist():
            group = master.owner[column]
            for shift in master.columns[column]:
                key = (group, shift)
                mass[key] = mass.get(key, 0.0) + float(weights[column])
        split = [
            (abs(number - math.floor(number) - 0.5), key, number)
            for key, number in mass.items()
            if abs(number - round(number)) > 1e-6
        ]
        if not split:
            return None
        _, (group, shift), number = min(split)
        return group, shift, number

    def search(levels: int) -> str:
        """One limited discrepancy search, branching both ways above depth ``levels``.

        ``"whole"`` if it branched both ways at every node, ``"partial"`` if
        not, or why it stopped (``"time"``, ``"stalled"``).
        """
        nonlocal improved
        whole = True
        # Below a node whose other branch is left, rosters cost its value at least.
        frontier = math.inf
        stack: list[tuple[Decisions, int]] = [({}, 0)]
        while stack:
            if time.perf_counter() > deadline:
                return "time"
            if tree.nodes - improved >= patience:
                return "stalled"
            decisions, depth = stack.pop()
            solved = priced(decisions)
            if solved == "time":
                return "time"
            tree.nodes += 1
            if isinstance(solved, str):
                tree.dead_ends += 1
                whole = False
                frontier = -math.inf  # no value to bound what lies below
                continue
            values, value = solved
            if value > tree.cost - margin:
                tree.cut += 1
                continue
            weights = values[first:]
            if np.all(np.abs(weights - np.round(weights)) <= 1e-6):
                tree.values, tree.cost = values, value
                tree.costs.append(value)
                tree.found_at.append(tree.nodes)
                improved = tree.nodes
                continue
            chosen = branch(weights)
            if chosen is None:
                # A type of several agents with whole numbers on every shift
                # from fractional schedules: not a branch this tree makes.
                tree.dead_ends += 1
                whole = False
                frontier = min(frontier, value)
                continue
            group, shift, number = chosen
            row = master.branch_row(group, shift)
            up = (float(math.ceil(number)), FREE[1])
            down = (FREE[0], float(math.floor(number)))
            if depth >= levels:
                children = [up]  # the dive: a shift more worked at every step
            elif depth == levels - 1:
                children = [down]  # the one discrepancy this search adds
            elif number - math.floor(number) < 0.5:
                children = [down, up]  # the likelier first
            else:
                children = [up, down]
            if len(children) < 2:
                whole = False
                frontier = min(frontier, value)
            # Last pushed, first searched.
            for bounds in reversed(children):
                stack.append(({**decisions, row: bounds}, depth + 1))
        # Cut nodes and rosters found cost the best roster's cost at least
        # (a hair less where costs are not whole).
        least = tree.cost if master.step else tree.cost - 1e-6
        tree.bound = max(tree.bound, min(frontier, least))
        return "whole" if whole else "partial"

    try:
        ended = "partial"
        while ended == "partial":
            ended = search(tree.searches)
            tree.searches += 1
        tree.stopped = "proved" if ended == "whole" else ended
    finally:
        apply({})
    return tree
