"""Results as values: a roster, its allocation to queues, its score and status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from shiftplan.roster_io import ROSTER_COLUMNS, csv_frame
from shiftplan.status import SolveStatus

__all__ = ["ROSTER_COLUMNS", "Result", "Roster"]


@dataclass(frozen=True)
class Roster:
    """Who works when, and which queue the agents on shift serve.

    Attributes
    ----------
    shifts
        One row per shift, columns :data:`ROSTER_COLUMNS`; ``start_utc`` and
        ``end_utc`` are tz-aware UTC timestamps, ``start_local`` and
        ``end_local`` tz-aware in the agent's zone.
    allocation
        Agents on shift assigned to each queue, per interval of the grid.
    """

    shifts: pd.DataFrame
    allocation: dict[str, NDArray[np.int64]]

    def to_csv_frame(self) -> pd.DataFrame:
        """The roster as roster.csv writes it: ISO 8601 text with offsets."""
        return csv_frame(self.shifts)


@dataclass(frozen=True)
class Result:
    """The outcome of a solve.

    Attributes
    ----------
    status
        A :class:`~shiftplan.status.SolveStatus`: ``OPTIMAL``, ``FEASIBLE``
        (a roster, not proven best), ``INFEASIBLE`` (the hard rules cannot
        all hold) or ``UNKNOWN`` (no roster in time).
    objective
        Score of the roster in late-contact equivalents, recomputed from the
        roster itself (None without a roster).
    bound
        Proven lower bound on the best possible score.
    gap
        ``(objective - bound) / objective``, 0 when proven optimal.
    runtime
        Wall-clock seconds spent in the solver.
    roster
        The roster, when one was found.
    kpis
        Key figures recomputed from the roster (see :mod:`shiftplan.scoring.kpis`).
    coverage
        One row per (interval, queue): required, scheduled, productive,
        shortfall, expected service level and late contacts.
    explanation
        Why the rules cannot hold, when ``status`` is ``INFEASIBLE``.
    interrupted
        Whether Ctrl-C stopped the solve early: the roster is the best found
        until then, and ``status`` says what was known of it.
    """

    status: SolveStatus
    objective: float | None
    bound: float | None
    gap: float | None
    runtime: float
    roster: Roster | None = None
    kpis: dict[str, Any] = field(default_factory=dict)
    coverage: pd.DataFrame | None = None
    explanation: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def has_roster(self) -> bool:
        """Whether a roster was produced (possibly with coverage gaps)."""
        return self.roster is not None

    def summary(self) -> str:
        """A few lines for people: the roster in plain words, then the solver's figures."""
        lines = []
        if self.roster is None:
            lines.append(
                "No roster: the hard labour rules cannot all hold."
                if self.status == "INFEASIBLE"
                else "No roster found within the time limit."
            )
        else:
            kpis = self.kpis
            if self.status == "OPTIMAL":
                quality = "the best possible roster (proven)"
            elif self.gap is None or self.gap >= 0.5:
                quality = "how close to the best possible roster is not proven yet"
            else:
                quality = f"proven within {max(self.gap, 0.001):.1%} of the best possible roster"
            lines.append(
                f"Roster: {kpis.get('shifts', 0):,} shifts, "
                f"{round(kpis.get('paid_hours', 0.0) * 2) / 2:,.1f} paid hours; {quality}."
            )
            level = kpis.get("service_level")
            if level is not None:
                lines.append(
                    f"Service level {level:.0%}; "
                    f"{round(kpis.get('agent_hours_short', 0.0) * 2) / 2:,.1f} agent-hours short; "
                    f"{round(kpis.get('late_contacts', 0.0)):,} contacts expected late; "
                    f"{kpis.get('intervals_nobody_on', 0)} intervals with nobody online."
                )
        if self.interrupted:
            lines.append("Search interrupted by Ctrl-C: the best roster found until then.")
        solver = f"Solver: {self.status}, {self.runtime:.1f} s"
        if self.objective is not None:
            solver += f", objective {self.objective:,.1f}"
        if self.bound is not None:
            solver += f", bound {self.bound:,.1f}"
        lines.append(solver + ".")
        lines.extend(self.explanation)
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The roster's shifts as a frame (empty without a roster)."""
        if self.roster is None:
            return pd.DataFrame(columns=list(ROSTER_COLUMNS))
        return self.roster.shifts.copy()
