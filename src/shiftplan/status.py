"""What a solve reports: its status, and progress lines while it runs.

These value types are shared by the solver, the public API and the reports,
so they live below all three: reports read them without importing the
solver (which would pull in OR-Tools).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SolveStatus(StrEnum):
    """How a solve ended.

    The values are CP-SAT's status names, so ``summary.json`` and the
    console keep the same strings they always had.
    """

    OPTIMAL = "OPTIMAL"
    """A roster, proven best for the objective."""
    FEASIBLE = "FEASIBLE"
    """A roster that keeps every hard rule, not proven best."""
    INFEASIBLE = "INFEASIBLE"
    """The hard rules cannot all hold: there is no roster."""
    UNKNOWN = "UNKNOWN"
    """No roster was found in time, and none was proven impossible."""
    MODEL_INVALID = "MODEL_INVALID"
    """CP-SAT rejected the model (a bug, or a bad pass-through parameter)."""

    @property
    def found_roster(self) -> bool:
        """Whether this status comes with a roster."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


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
