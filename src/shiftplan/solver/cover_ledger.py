"""Shift-cover demand as the agent-by-agent descent sees it: counts and marginal prices.

The shift-cover cost is a sum over demand rows (shift type, day) of a convex
function of the head-count, and one agent adds at most one person to a row.
So, with everyone else's shifts fixed, what one of the agent's candidate
shifts is worth is exact and local to its row: the row's under weight while
the row is short, minus its over weight once it is full.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from shiftplan.solver.data import ModelData


class CoverLedger:
    """Head-count per demand row for a roster, kept up to date shift by shift."""

    def __init__(self, data: ModelData, shifts: Iterable[int]) -> None:
        rows = data.scenario.shift_cover
        coefficient = data.coefficients.shift_cover
        active = bool(rows) and coefficient > 0
        self.row = np.full(len(data.candidates), -1, dtype=np.int64)
        self.required = np.asarray([cover.required for cover in rows], dtype=np.int64)
        self.under = np.asarray(
            [coefficient * round(cover.under_weight * 1000) for cover in rows], dtype=np.int64
        )
        self.over = np.asarray(
            [coefficient * round(cover.over_weight * 1000) for cover in rows], dtype=np.int64
        )
        self.count = np.zeros(len(rows), dtype=np.int64)
        if not active:
            self.under[:] = 0
            self.over[:] = 0
            return
        start = data.scenario.horizon.start
        index = {((c.day - start).days, c.shift_type): i for i, c in enumerate(rows)}
        names = [
            [shift.name for shift in data.contract(agent).shift_types]
            for agent in range(len(data.agents))
        ]
        candidates = data.candidates
        for s in range(len(candidates)):
            kind = int(candidates.kind[s])
            if kind >= 0:
                agent, day = int(candidates.agent[s]), int(candidates.day[s])
                self.row[s] = index.get((day, names[agent][kind]), -1)
        self.place(shifts, 1)

    def place(self, shifts: Iterable[int], sign: int) -> None:
        """Add (sign 1) or remove (sign -1) shifts from the head-counts."""
        rows = self.row[np.fromiter(shifts, dtype=np.int64)]
        np.add.at(self.count, rows[rows >= 0], sign)

    def values(self, shifts: NDArray[np.int64]) -> NDArray[np.int64]:
        """What working each shift would save (negative: cost) at the current head-counts."""
        if not self.count.size:
            return np.zeros(len(shifts), dtype=np.int64)
        rows = self.row[shifts]
        inside = rows >= 0
        safe = np.where(inside, rows, 0)
        short = self.count[safe] < self.required[safe]
        worth = np.where(short, self.under[safe], -self.over[safe])
        return np.where(inside, worth, 0)

    def cost(self) -> int:
        """The shift-cover term of the objective at the current head-counts."""
        short = np.maximum(self.required - self.count, 0)
        extra = np.maximum(self.count - self.required, 0)
        return int(self.under @ short + self.over @ extra)
