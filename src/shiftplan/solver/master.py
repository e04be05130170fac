"""The restricted master: column generation's linear program, kept in one HiGHS model.

New schedules are appended as columns and the primal simplex restarts from
the last basis (rebuilding the LP from scratch each time cost minutes on 500
agents). Column generation (:mod:`~shiftplan.solver.bound`) prices against
its duals; its schedules become rosters by rounding, by diving
(:meth:`RestrictedMaster.dive`), by branch and price on who works which
shift (:mod:`~shiftplan.solver.branching`, through the rows of
:meth:`RestrictedMaster.branch_row`) or by solving it in integers
(:meth:`RestrictedMaster.integer_roster`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import os
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray

from shiftplan.scoring import POINTS
from shiftplan.solver.constraints.fairness import unsocial
from shiftplan.solver.constraints.requests import priced_requests, request_values
from shiftplan.solver.cover_ledger import CoverLedger
from shiftplan.solver.data import ModelData

logger = logging.getLogger(__name__)

IDLE_ROUNDS = 3
"""Schedules unused (weight 0, positive reduced cost) for this many masters in a row are dropped,
while pricing is the slow half of a round: its runners-up come back into use (Curtois Instance9,
60 s: dropped after one master its bound fell from 406 to 182)."""

DIVE_FIX = 0.1
"""Share of the agents not yet fixed that each step of the dive fixes."""

Pricer = Callable[[NDArray[np.float64], frozenset[int]], list[tuple[int, list[int]]] | None]
"""The master's row duals and the types to price, to the schedules worth adding (None when
out of time): what the dive and branch and price (:mod:`~shiftplan.solver.branching`) call
between solves."""


class RestrictedMaster:
    """The restricted master linear program, kept in one HiGHS model.

    Columns: staff per queue and interval, agents on shift per skill class
    and interval, overstaffing per interval, late-contact segments, then the
    schedules. Rows: on-shift links (class x interval; schedules enter here),
    segment links, Hall's condition per subset of queues, overstaffing, and
    one convexity row per agent (each works a mix of its schedules that adds
    up to one). Costs are in points (late contacts), not micro-points, to keep
    the LP well scaled.
    """

    def __init__(self, data: ModelData, groups: list[list[int]]) -> None:
        self.data = data
        self.groups = groups
        """Agents of one type share schedules and a convexity row; the first represents them."""
        self._position = [
            {int(s): i for i, s in enumerate(data.candidates.of_agent(members[0]))}
            for members in groups
        ]
        self._group_of = {agent: g for g, members in enumerate(groups) for agent in members}
        self.owner: list[int] = []
        self.columns: list[list[int]] = []
        self.idle: list[int] = []
        self.idle_rounds = IDLE_ROUNDS
        """Masters in a row a schedule may stay unused before it is dropped."""
        self.integer_bound: float | None = None
        """The last integer master's proven bound (points) over the master's schedules, not
        over every roster; None if it did not run to one."""
        self.pricing_seconds = np.zeros(len(groups))
        """How long each type's last pricing took: the slowest are priced first."""
        self.dropped: list[tuple[int, list[int]]] = []
        """Schedules deleted from the linear program, kept for the integer master."""
        self.solved = False
        self.status = "not solved"
        """HiGHS's word for how the last solve ended."""
        self._rounded: frozenset[int] = frozenset()
        self._weights: NDArray[np.float64] = np.empty(0)
        self._branch_rows: list[dict[int, int]] = [{} for _ in groups]
        """Per type, its branching rows by candidate (of its first agent): row index."""
        self._build_static()
        # Requests are linear in the shifts: a cost per shift worked (negative
        # for a wish met) plus the weights of the *on* requests as a constant.
        wishes = request_values(data)
        self.shift_cost = -wishes / POINTS
        coefficient = data.coefficients.requests
        self.constant += sum(
            coefficient * request.weight / POINTS
            for request in priced_requests(data)
            if request.on and request.agent in self._group_of
        )
        # Whole costs, and whole bounds and coefficients (so that the cover
        # and fairness columns are whole at whole schedules).
        numbers = np.concatenate(
            [
                self.cost,
                self.upper,
                self.shift_cost,
                self.matrix.data,
                self.row_lower,
                self.row_upper,
            ]
        )
        numbers = numbers[np.isfinite(numbers)]
        whole = np.allclose(numbers, np.round(numbers), rtol=0.0, atol=1e-9)
        self.step = 1.0 if whole else 0.0
        """The least by which two rosters' costs differ: 1 where every cost is whole points."""
        self.highs = _quiet_highs()
        highs = self.highs
        # Appending columns keeps the basis primal feasible: primal simplex
        # resumes where the last solve ended.
        highs.setOptionValue("simplex_strategy", 4)
        highs.setOptionValue("threads", 1)
        count = len(self.cost)
        highs.addVars(count, np.zeros(count), self.upper)
        highs.changeColsCost(count, np.arange(count, dtype=np.int32), self.cost)
        matrix = self.matrix.tocsr()
        highs.addRows(
            matrix.shape[0], self.row_lower, self.row_upper, matrix.nnz,
            matrix.indptr[:-1].astype(np.int32), matrix.indices.astype(np.int32),
            matrix.data,
        )  # fmt: skip
        # Each type's agents work mixes of its schedules adding up to their number.
        self.convexity_row = [matrix.shape[0] + g for g in range(len(groups))]
        sizes = np.array([len(members) for members in groups], dtype=float)
        highs.addRows(
            len(groups), sizes, sizes, 0,
            np.zeros(len(groups), dtype=np.int32), np.empty(0, dtype=np.int32),
            np.empty(0),
        )  # fmt: skip

    def _build_static(self) -> None:
        data = self.data
        intervals = data.intervals
        queues = [queue.name for queue in data.scenario.queues]
        classes = data.skill_classes
        sizes = np.array([len(members) for _, members in classes], dtype=float)
        q_count, c_count = len(queues), len(classes)
        staff_at = 0
        on_at = staff_at + q_count * intervals
        over_at = on_at + c_count * intervals
        segment_at = over_at + intervals
        points = data.coefficients.late_contacts / POINTS
        cost: list[float] = [0.0] * segment_at
        upper: list[float] = [0.0] * segment_at
        active = {queue: data.active_intervals(queue) for queue in queues}
        for qi, queue in enumerate(queues):
            able = float(sum(sizes[c] for c, (served, _) in enumerate(classes) if queue in served))
            for t in active[queue]:
                upper[staff_at + qi * intervals + t] = able
        for c in range(c_count):
            upper[on_at + c * intervals : on_at + (c + 1) * intervals] = [sizes[c]] * intervals
        overstaffing = data.coefficients.overstaffing / POINTS
        if overstaffing > 0:
            upper[over_at:segment_at] = [float(len(data.agents))] * intervals
            cost[over_at:segment_at] = [overstaffing] * intervals
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lower_bounds: list[float] = []
        upper_bounds: list[float] = []

        def row(entries: list[tuple[int, float]], low: float, high: float) -> None:
            index = len(lower_bounds)
            for column, value in entries:
                rows.append(index)
                cols.append(column)
                vals.append(value)
            lower_bounds.append(low)
            upper_bounds.append(high)

        # On-shift links: on[c, t] = agents of class c on shift (schedules add -1).
        for c in range(c_count):
            for t in range(intervals):
                row([(on_at + c * intervals + t, 1.0)], 0.0, 0.0)
        # Late contacts: curve[0] + sum of slope x segment, segments <= staff.
        constant = 0.0
        for qi, queue in enumerate(queues):
            table = data.requirements.curves[queue].late
            for t in sorted(active[queue]):
                curve = table[t]
                if curve[0] == 0:
                    continue
                constant += float(curve[0]) * points
                slopes = np.diff(curve)
                entries: list[tuple[int, float]] = [(staff_at + qi * intervals + t, -1.0)]
                n = 0
                while n < len(slopes) and slopes[n] < 0:
                    end = n
                    while end + 1 < len(slopes) and slopes[end + 1] == slopes[n]:
                        end += 1
                    entries.append((len(cost), 1.0))
                    cost.append(float(slopes[n]) * points)
                    upper.append(float(end - n + 1))
                    n = end + 1
                row(entries, -np.inf, 0.0)
        # Hall's condition: the staff of a set of queues is at most the
        # agents on shift who serve one of them.
        for t in range(intervals):
            here = [queue for queue in queues if t in active[queue]]
            for size in range(1, len(here) + 1):
                for subset in combinations(here, size):
                    entries = [(staff_at + queues.index(q) * intervals + t, 1.0) for q in subset]
                    entries += [
                        (on_at + c * intervals + t, -1.0)
                        for c, (served, _) in enumerate(classes)
                        if served.intersection(subset)
                    ]
                    row(entries, -np.inf, 0.0)
        if overstaffing > 0:
            required = data.required_total
            for t in range(intervals):
                entries = [(on_at + c * intervals + t, 1.0) for c in range(c_count)]
                row([*entries, (over_at + t, -1.0)], -np.inf, float(required[t]))
        # Head-count per shift type and day: the schedules' shifts of that type
        # that day, plus short, less extra, make the head-count asked for.
        ledger = CoverLedger(data, ())
        self.cover_row = np.where(ledger.row >= 0, ledger.row + len(lower_bounds), -1)
        offered = np.bincount(ledger.row[ledger.row >= 0], minlength=len(ledger.required))
        for r, required in enumerate(ledger.required.tolist()):
            short, extra = len(cost), len(cost) + 1
            cost += [float(ledger.under[r]) / POINTS, float(ledger.over[r]) / POINTS]
            upper += [float(required), float(max(0, int(offered[r]) - required))]
            row([(short, 1.0), (extra, -1.0)], float(required), float(required))
        # Fairness: a contract's peak of nights (weekends) is at least what
        # each of its agents works, so at least each type's average.
        self.fairness_row: dict[tuple[int, int], int] = {}
        if data.coefficients.active("fairness"):
            candidates = data.candidates
            peak_of: dict[tuple[str, int], int] = {}
            for group, members in enumerate(self.groups):
                own = candidates.of_agent(members[0])
                for kind, (_, flags) in enumerate(unsocial(candidates)):
                    if not flags[own].any():
                        continue
                    entries = []
                    for agent in members:
                        key = (data.agents[agent].contract, kind)
                        if key not in peak_of:
                            peak_of[key] = len(cost)
                            cost.append(data.coefficients.fairness / POINTS)
                            upper.append(float(data.days))
                        entries.append((peak_of[key], -1.0))
                    self.fairness_row[group, kind] = len(lower_bounds)
                    row(entries, -np.inf, 0.0)
        self.constant = constant
        self.cost = np.asarray(cost)
        self.upper = np.asarray(upper)
        self.row_lower = np.asarray(lower_bounds)
        self.row_upper = np.asarray(upper_bounds)
        self.matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(len(lower_bounds), len(cost)))

    def to_representative(self, agent: int, shifts: list[int]) -> list[int]:
        """An agent's schedule as the same shifts of its type's first agent."""
        group = self._group_of[agent]
        mine = {int(s): i for i, s in enumerate(self.data.candidates.of_agent(agent))}
        theirs = self.data.candidates.of_agent(self.groups[group][0])
        return [int(theirs[mine[s]]) for s in shifts]

    def group_of(self, agent: int) -> int:
        """The type of ``agent``: the index of its group."""
        return self._group_of[agent]

    def add_column(self, group: int, shifts: list[int]) -> None:
        """A whole schedule of a type's first agent.

        It enters its class's on-shift rows (-1 per interval on shift), the
        head-count row of each of its shifts (+1), its type's fairness rows
        (its nights, its weekend shifts) and its type's convexity row, and
        costs what its shifts cost through requests.
        """
        kind = int(self.data.class_of_agent[self.groups[group][0]])
        chosen = np.asarray(shifts, dtype=np.int64)
        covered = self._covered(shifts) if kind >= 0 else np.empty(0, dtype=np.int64)
        rows = self.cover_row[chosen]
        rows = rows[rows >= 0]
        fair: list[int] = []
        counts: list[float] = []
        for unsocial_kind, (_, flags) in enumerate(unsocial(self.data.candidates)):
            row = self.fairness_row.get((group, unsocial_kind))
            if row is not None and flags[chosen].any():
                fair.append(row)
                counts.append(float(flags[chosen].sum()))
        branches = self._branch_rows[group]
        branched = [branches[s] for s in shifts if s in branches]
        index = np.concatenate(
            [
                kind * self.data.intervals + covered,
                rows,
                fair,
                [self.convexity_row[group]],
                branched,
            ]
        ).astype(np.int32)
        value = np.concatenate(
            [-np.ones(len(covered)), np.ones(len(rows)), counts, [1.0], np.ones(len(branched))]
        )
        cost = float(np.sum(self.shift_cost[chosen]))
        self.highs.addCol(cost, 0.0, highspy.kHighsInf, len(index), index, value)
        self.owner.append(group)
        self.columns.append(shifts)
        self.idle.append(0)

    def branch_row(self, group: int, candidate: int) -> int:
        """The row counting a type's agents on ``candidate`` (its first agent's shift).

        Branch and price (:mod:`~shiftplan.solver.branching`) bounds it to
        decide who works what: at most 0 keeps the type off that shift, at
        least 1 puts one of its agents on it. Made free (no bounds) on first
        use, it holds a 1 for every schedule of the type with the shift, and
        its dual enters the shift's value in pricing (:meth:`shift_values`),
        so new schedules answer the decision.
        """
        branches = self._branch_rows[group]
        if candidate in branches:
            return branches[candidate]
        first = len(self.cost)
        holders = [
            first + j
            for j, (owner, shifts) in enumerate(zip(self.owner, self.columns, strict=True))
            if owner == group and candidate in shifts
        ]
        row = self.highs.getNumRow()
        self.highs.addRow(
            -highspy.kHighsInf, highspy.kHighsInf, len(holders),
            np.asarray(holders, dtype=np.int32), np.ones(len(holders)),
        )  # fmt: skip
        branches[candidate] = row
        return row

    def branch_rows(self) -> list[int]:
        """Every branching row made so far."""
        return [row for branches in self._branch_rows for row in branches.values()]

    def add_new(self, columns: list[tuple[int, list[int]]]) -> int:
        """Add the schedules not in the master yet; how many were new."""
        present = {(g, tuple(sorted(c))) for g, c in zip(self.owner, self.columns, strict=True)}
        added = 0
        for group, shifts in columns:
            key = (group, tuple(sorted(shifts)))
            if key not in present:
                present.add(key)
                self.add_column(group, shifts)
                added += 1
        return added

    def _covered(self, shifts: list[int]) -> NDArray[np.int64]:
        candidates = self.data.candidates
        parts = [np.arange(candidates.first[s], candidates.stop[s]) for s in shifts]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def solve(self, seconds: float) -> tuple[float, NDArray[np.float64]] | None:
        """The master's value (points) and its row duals, or None if unsolved."""
        highs = self.highs
        self._drop_idle()
        # HiGHS counts its time limit from the first run of this object.
        highs.setOptionValue("time_limit", highs.getRunTime() + max(0.5, seconds))
        # From scratch the interior point method (and crossover, for the
        # basis) is three times faster than the simplex on 500 agents; after
        # that the simplex resumes from the last basis.
        highs.setOptionValue("solver", "simplex" if self.solved else "ipm")
        status = run_to_verdict(highs)
        self.status = highs.modelStatusToString(status)
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        self.solved = True
        solution = highs.getSolution()
        first = len(self.cost)
        weights = np.asarray(solution.col_value)[first:]
        reduced = np.asarray(solution.col_dual)[first:]
        unused = (weights <= 1e-9) & (reduced > 1e-9)
        self.idle = np.where(unused, np.asarray(self.idle) + 1, 0).tolist()
        self._rounded = self._round(weights)
        self._weights = weights
        value = highs.getInfo().objective_function_value + self.constant
        return value, np.asarray(solution.row_dual)

    def _drop_idle(self) -> None:
        """Delete schedules the last masters left unused, once there are many.

        Each round adds up to one schedule per agent and the simplex slows
        with every column; deleting nonbasic columns keeps HiGHS's basis, so
        the next solve still resumes where the last one ended.
        """
        if len(self.owner) <= 3 * len(self.groups):
            return
        drop = [j for j, rounds in enumerate(self.idle) if rounds >= self.idle_rounds]
        if not drop:
            return
        first = len(self.cost)
        self.highs.deleteCols(len(drop), np.asarray(drop, dtype=np.int32) + first)
        keep = sorted(set(range(len(self.owner))) - set(drop))
        self.dropped.extend((self.owner[j], self.columns[j]) for j in drop)
        self.owner = [self.owner[j] for j in keep]
        self.columns = [self.columns[j] for j in keep]
        self.idle = [self.idle[j] for j in keep]
        # The last solution's weights follow their columns (a solve that
        # then fails leaves them in place for shift_mass).
        self._weights = self._weights[[j for j in keep if j < len(self._weights)]]

    def static_value(self, duals: NDArray[np.float64]) -> float:
        """The static part of the Lagrangian function at ``duals`` (points).

        The dual objective of the master without its schedules and convexity
        rows: row bounds times duals (each dual clipped to the sign its row
        allows) plus each bounded column's bound times its negative reduced
        cost. Valid for any ``duals``, optimal or not.
        """
        count = len(self.row_lower)
        y = duals[:count].copy()
        y[np.isneginf(self.row_lower) & (y > 0)] = 0.0
        reduced = self.cost - self.matrix.T @ y
        rows = np.where(y > 0, self.row_lower, self.row_upper)
        row_part = float(np.sum(np.where(y != 0, rows * y, 0.0)))
        return self.constant + row_part + float(np.sum(self.upper * np.minimum(reduced, 0.0)))

    def agent_prices(self, duals: NDArray[np.float64]) -> NDArray[np.float64]:
        """What one agent of each class on shift is worth per interval (points)."""
        intervals = self.data.intervals
        classes = len(self.data.skill_classes)
        return -duals[: classes * intervals].reshape(classes, intervals)

    def convexity_duals(self, duals: NDArray[np.float64]) -> list[float]:
        """Each type's convexity dual (what the master pays for one agent's current mix)."""
        return [float(duals[row]) for row in self.convexity_row]

    def shift_values(
        self, indices: NDArray[np.int64], agent: int, duals: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """What each of ``agent``'s candidates ``indices`` is worth at row prices ``duals``.

        The intervals it covers at its class's prices, plus its head-count
        row's price and its type's fairness prices (for a night or weekend
        shift), less what it costs through requests: a schedule's worth is
        the sum over its shifts, and its reduced cost is minus its worth
        less its type's convexity dual. Where branch and price has made rows
        for the type (:meth:`branch_row`), their prices count too; then
        ``agent`` must be the type's first agent, as in pricing.
        """
        candidates = self.data.candidates
        values = -self.shift_cost[indices]
        kind = int(self.data.class_of_agent[agent])
        if kind >= 0:
            prefix = np.concatenate([[0.0], np.cumsum(self.agent_prices(duals)[kind])])
            values = values + prefix[candidates.stop[indices]] - prefix[candidates.first[indices]]
        rows = self.cover_row[indices]
        values = values + np.where(rows >= 0, duals[np.maximum(rows, 0)], 0.0)
        group = self._group_of[agent]
        for unsocial_kind, (_, flags) in enumerate(unsocial(candidates)):
            row = self.fairness_row.get((group, unsocial_kind))
            if row is not None:
                values = values + duals[row] * flags[indices]
        branches = self._branch_rows[group]
        if branches:
            # Pricing asks for a type's first agent's shifts, as its rows hold.
            # Prices from before a row was made have no dual for it.
            at = {int(s): i for i, s in enumerate(indices.tolist())}
            for candidate, row in branches.items():
                place = at.get(candidate, -1)
                if place >= 0 and row < len(duals):
                    values[place] += duals[row]
        return values

    def worth(self, shifts: list[int], agent: int, duals: NDArray[np.float64]) -> float:
        """A schedule's worth at row prices ``duals`` (see :meth:`shift_values`)."""
        chosen = np.asarray(shifts, dtype=np.int64)
        return float(np.sum(self.shift_values(chosen, agent, duals)))

    def _round(self, weights: NDArray[np.float64]) -> frozenset[int]:
        """A schedule for every agent from the master's weights, type by type.

        A type's weights add up to its number of agents; each schedule gets
        the whole part of its weight in agents, and the agents left over go
        to the largest fractions (largest remainder), heaviest first.
        """
        candidates = self.data.candidates
        chosen: list[int] = []
        for group, members in enumerate(self.groups):
            mine = [j for j, owner in enumerate(self.owner) if owner == group]
            share = np.maximum(weights[mine], 0.0)
            counts = np.floor(share + 1e-9).astype(int)
            order = np.argsort(-(share - counts), kind="stable")
            for j in order[: max(0, len(members) - int(counts.sum()))]:
                counts[j] += 1
            order = np.argsort(-share, kind="stable")
            slots = [mine[j] for j in order for _ in range(counts[j])][: len(members)]
            # Rounding error may leave an agent over: the heaviest schedule.
            slots += [mine[order[0]]] * (len(members) - len(slots))
            for agent, column in zip(members, slots, strict=True):
                own = candidates.of_agent(agent)
                position = self._position[group]
                chosen.extend(int(own[position[s]]) for s in self.columns[column])
        return frozenset(chosen)

    def integer_roster(
        self,
        seconds: float,
        start: NDArray[np.float64] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> frozenset[int] | None:
        """The best roster of whole schedules among the columns, within ``seconds``.

        The restricted master with every schedule's weight made an integer:
        each agent works exactly one of its type's schedules. It may miss the
        optimum (the schedules that would complete it were never priced), but
        on the head-count benchmarks it lands within a fraction of a percent
        of the bound, far ahead of what the descent finds. ``start`` is a
        solution to begin from, every column's value (a dive's end, whose
        schedules are all whole): HiGHS returns it or better. This ends the
        master's life as a linear program; a dive's bounds are lifted. HiGHS is
        interrupted once ``seconds`` have passed or ``stop`` says so.

        Only for head-count demand: with interval demand the master holds the
        late-contact curves too, and HiGHS's branch and bound on the example
        team overran its time limit by half and rounded worse than the
        largest-remainder rule.
        """
        self.integer_bound = None
        if not self.solved or seconds < 0.1 or not self.owner:
            return None
        # Every schedule ever priced: the ones the simplex dropped as unused
        # are often what makes the whole schedules fit together. After a dive
        # that priced, its schedules are those; the dropped ones only slow
        # HiGHS down (Curtois Instance12: 30,395 schedules, where a 48 s limit
        # took 85 s, against 3,869 without them, 48 s).
        if start is None:
            self.add_new(self.dropped)
        self.dropped = []
        highs = self.highs
        first = len(self.cost)
        count = len(self.owner)
        columns = np.arange(first, first + count, dtype=np.int32)
        highs.changeColsBounds(count, columns, np.zeros(count), np.full(count, highspy.kHighsInf))
        highs.changeColsIntegrality(count, columns, np.full(count, 1, dtype=np.uint8))
        highs.setOptionValue("solver", "choose")
        highs.setOptionValue("time_limit", highs.getRunTime() + seconds)
        # HiGHS's own limit is not enough: on thousands of schedules its
        # branch and bound overran a 20 s limit by 49 s (Curtois Instance12,
        # in the heuristics it runs as sub-MIPs). The interrupt callback
        # holds it to the clock.
        ends = time.perf_counter() + seconds

        def on_time(event: Any) -> None:
            if time.perf_counter() > ends or (stop is not None and stop()):
                event.interrupt()

        interrupts = (highs.cbMipInterrupt, highs.cbSimplexInterrupt, highs.cbIpmInterrupt)
        for callback in interrupts:
            callback.subscribe(on_time)
        if start is not None:
            solution = highspy.HighsSolution()
            # The columns added since (the dropped ones) are not worked.
            solution.col_value = np.concatenate([start, np.zeros(first + count - len(start))])
            solution.value_valid = True
            highs.setSolution(solution)
        try:
            highs.run()
        finally:
            for callback in interrupts:
                callback.unsubscribe(on_time)
        info = highs.getInfo()
        # An invalid info reads 0, not a bound: trusted only after a solve
        # that ended with one (interrupted or out of time, it still holds).
        ended = highs.getModelStatus() in (
            highspy.HighsModelStatus.kOptimal,
            highspy.HighsModelStatus.kTimeLimit,
            highspy.HighsModelStatus.kInterrupt,
        )
        if info.valid and ended and math.isfinite(info.mip_dual_bound):
            self.integer_bound = info.mip_dual_bound + self.constant
        solution = highs.getSolution()
        if not solution.value_valid:
            return None
        return self.roster_of(np.asarray(solution.col_value))

    def dive(
        self,
        deadline: float,
        price: Pricer | None = None,
        fix: float = DIVE_FIX,
    ) -> NDArray[np.float64] | None:
        """Whole schedules by diving: fix the likeliest, re-solve, again.

        Each step re-solves the linear program, keeps every schedule's
        whole weight and fixes one more agent (of a type) to each of the
        schedules whose weight is nearest above a whole number, at most
        ``fix`` of the agents left (one at least, and more when, at the
        pace of the steps so far, the rest would not be fixed before the
        ``deadline``), one schedule per type a step; it ends when no weight
        is fractional.

        Without ``price`` no schedule is priced on the way, so it is cheap
        (Curtois Instance13, 120 employees: 34 steps in 4 s), and it needs no
        settled relaxation: where the relaxation is far from whole rosters
        and the integer master found nothing good (Instance13: its roster
        38,100, the dive's 8,031, both before the descent; the master at
        1,348), the dive still ends near one.

        With ``price`` (the master's row duals and the types with agents
        still free, to the schedules worth adding; None when out of time),
        every step first prices the free agents until nothing is worth
        adding, so that each fixing is answered by the schedules that fit
        around it: the dive of column generation's branch and price, without
        the backtracking. Fixing one agent a step (``fix=0``) on a settled
        relaxation, Curtois Instance8 (30 employees, relaxation 1,296.6)
        ends at 1,309 in 15 s, where the integer master over the columns
        found 1,710, the dive without pricing 2,205, and the same dive
        fixing a tenth of the agents a step 1,502.

        A dive starts from the master's own bounds, whatever an earlier dive
        fixed. Branch and price (:mod:`~shiftplan.solver.branching`) starts
        from this one's master, its fixings lifted.

        Returns HiGHS's value of every column at the end (see
        :meth:`roster_of`), None if no step was solved. Like the integer
        master, this ends the master's life as a linear program.
        """
        highs = self.highs
        first = len(self.cost)
        sizes = np.array([len(members) for members in self.groups], dtype=float)
        lower = np.zeros(len(self.owner))
        count = len(lower)
        highs.changeColsBounds(
            count, np.arange(first, first + count, dtype=np.int32), lower,
            np.full(count, highspy.kHighsInf),
        )  # fmt: skip
        values: NDArray[np.float64] | None = None
        began = time.perf_counter()
        steps = 0
        # Bounds tightened on an optimal basis: the dual simplex resumes from it.
        highs.setOptionValue("simplex_strategy", 1)
        highs.setOptionValue("solver", "simplex")
        while time.perf_counter() < deadline:
            highs.setOptionValue("time_limit", highs.getRunTime() + deadline - time.perf_counter())
            if run_to_verdict(highs) != highspy.HighsModelStatus.kOptimal:
                break
            solution = highs.getSolution()
            values = np.asarray(solution.col_value)
            weights = values[first:]
            owner = np.asarray(self.owner, dtype=np.int64)
            # The last tenth of the time fixes the rest without pricing, so
            # that the dive ends with whole schedules whatever its pace.
            if price is not None and time.perf_counter() < began + 0.9 * (deadline - began):
                taken = np.bincount(owner, weights=lower, minlength=len(self.groups))
                free = frozenset(np.flatnonzero(taken < sizes - 0.5).tolist())
                found = price(np.asarray(solution.row_dual), free) if free else []
                if found is None:
                    break
                if found:
                    for group, shifts in found:
                        self.add_column(group, shifts)
                    lower = np.concatenate([lower, np.zeros(len(found))])
                    continue
            whole = np.floor(weights + 1e-6)
            part = weights - whole
            fractional = part > 1e-6
            if not fractional.any():
                break
            fixed = np.maximum(lower, whole)
            free_agents = sizes - np.bincount(owner, weights=fixed, minlength=len(self.groups))
            budget = max(1, int(fix * free_agents.sum()))
            if steps:
                # Fix as few a step as the time left allows at the pace so far.
                pace = (time.perf_counter() - began) / steps
                affordable = max(1.0, (deadline - time.perf_counter()) / pace - 1)
                budget = max(budget, math.ceil(free_agents.sum() / affordable))
            steps += 1
            chosen: set[int] = set()
            for column in np.argsort(-np.where(fractional, part, -1.0), kind="stable"):
                if not fractional[column] or len(chosen) >= budget:
                    break
                group = int(owner[column])
                if group in chosen or free_agents[group] < 1:
                    continue
                fixed[column] = whole[column] + 1
                free_agents[group] -= 1
                chosen.add(group)
            changed = np.flatnonzero(fixed != lower)
            if len(changed) == 0:
                break
            lower = fixed
            highs.changeColsBounds(
                len(changed), (changed + first).astype(np.int32), lower[changed],
                np.full(len(changed), highspy.kHighsInf),
            )  # fmt: skip
        return values

    def value_of(self, values: NDArray[np.float64]) -> float:
        """The master's objective (points) at HiGHS's column ``values``.

        Columns added since ``values`` was read count as unused.
        """
        costs = np.asarray(self.highs.getLp().col_cost_)
        return float(costs[: len(values)] @ values) + self.constant

    def roster_of(self, values: NDArray[np.float64]) -> frozenset[int]:
        """The roster of HiGHS's column ``values`` (schedule weights rounded to whole agents).

        Columns added since ``values`` was read count as unused.
        """
        weights = np.zeros(len(self.owner))
        read = values[len(self.cost) :]
        weights[: len(read)] = np.round(read)
        return self._round(weights)

    def shift_mass(self) -> NDArray[np.float64]:
        """Per candidate shift, its agent's weight on schedules holding it in the last solution.

        A type's schedules are shared by its agents, so each agent of the
        type gets an equal part of every schedule's weight. Columns added
        after the last solve have no weight yet.
        """
        candidates = self.data.candidates
        mass = np.zeros(len(candidates))
        for column, weight in enumerate(self._weights.tolist()):
            if weight <= 1e-9:
                continue
            group = self.owner[column]
            members = self.groups[group]
            position = self._position[group]
            places = [position[s] for s in self.columns[column]]
            for agent in members:
                mass[candidates.of_agent(agent)[places]] += weight / len(members)
        return np.minimum(mass, 1.0)

    def rounded(self) -> frozenset[int]:
        """Each agent's schedule with the largest weight in the last master solution."""
        return self._rounded


NO_VERDICT = (highspy.HighsModelStatus.kUnknown, highspy.HighsModelStatus.kIterationLimit)
"""How HiGHS may end a linear program it has not settled, when not for time or Ctrl-C."""


def run_to_verdict(highs: highspy.Highs) -> highspy.HighsModelStatus:
    """Run HiGHS; if it ends without a verdict, set its own basis again and resume once.

    Resumed from the last basis after new columns, the simplex now and then
    ends "Unknown" with a feasible solution and one dual infeasibility of
    7e-4 (Curtois Instance13, round 51 of a session-22 trial): column
    generation then stopped as failed, and the bound of its earlier rounds
    was all it had. Set again, the basis is factorized afresh, and the same
    solve ended optimal in one iteration. An iteration limit (none is set
    here, but a caller's HiGHS options may have one) is resumed the same way.
    """
    highs.run()
    status = highs.getModelStatus()
    if status not in NO_VERDICT:
        return status
    basis = highs.getBasis()
    if basis.valid:
        highs.setBasis(basis)
        highs.run()
        status = highs.getModelStatus()
    return status


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance, without the licence banner it prints on the manager's terminal.

    The banner comes from C++ on the first instance of a process, past
    Python's ``sys.stdout``; we point file descriptor 1 at /dev/null for the
    constructor and flush C's buffers before pointing it back.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with Path(os.devnull).open("w") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
            # No C library by that name on Windows: nothing to flush.
            with contextlib.suppress(OSError, TypeError, AttributeError):
                ctypes.CDLL(None).fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    highs.setOptionValue("output_flag", False)
    return highs
