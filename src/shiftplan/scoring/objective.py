"""The objective as data: which terms exist, their units and integer weights.

Both the CP-SAT model and the KPI recomputation in :mod:`shiftplan.scoring.kpis` read
their coefficients from here, so the solver's objective and a roster's
recomputed score are the same integer by construction, and a test checks it.

The objective is measured in *late-contact equivalents*: a weight says how
many late contacts one unit of its term is worth. Internally every term is an
integer count and every coefficient an integer number of micro-points
(one late contact = 1,000,000), so CP-SAT works on integers only.
"""

from __future__ import annotations

from dataclasses import dataclass

from shiftplan.scenario.models import Weights

POINTS = 1_000_000
"""Integer objective units per late-contact equivalent."""

TERMS = (
    "late_contacts",
    "shortfall",
    "overstaffing",
    "fairness",
    "stable_starts",
    "requests",
    "shift_cover",
)
"""Objective terms in priority order; see :class:`~shiftplan.scenario.models.Weights`."""


@dataclass(frozen=True)
class Coefficients:
    """Integer objective coefficient per unit of each term's integer count.

    Units of the counts: late contacts in milli-contacts, shortfall and
    overstaffing in agent-intervals, fairness in shifts, stable starts in
    extra distinct start times, requests in milli-units of request weight,
    shift cover in milli-units of under/over weight times people.
    """

    late_contacts: int
    shortfall: int
    overstaffing: int
    fairness: int
    stable_starts: int
    requests: int
    shift_cover: int = 0

    def active(self, term: str) -> bool:
        """Whether a term is built at all (weight > 0)."""
        return bool(getattr(self, term) > 0)

    def costs(self, counts: dict[str, int]) -> dict[str, int]:
        """What each built term (weight > 0) costs at the given integer counts."""
        return {
            term: getattr(self, term) * counts.get(term, 0) for term in TERMS if self.active(term)
        }

    def total(self, counts: dict[str, int]) -> int:
        """The objective value of the given integer term counts."""
        return sum(self.costs(counts).values())


def coefficients(weights: Weights, interval_minutes: int) -> Coefficients:
    """Integer coefficients for the given weights and grid."""
    return Coefficients(
        late_contacts=round(weights.late_contacts * POINTS / 1000),
        shortfall=round(weights.shortfall * POINTS),
        overstaffing=round(weights.overstaffing * POINTS * interval_minutes / 60),
        fairness=round(weights.fairness * POINTS),
        stable_starts=round(weights.stable_starts * POINTS),
        requests=round(weights.requests * POINTS / 1000),
        shift_cover=round(weights.shift_cover * POINTS / 1000),
    )


def weights_for(objective: str, weights: Weights) -> Weights:
    """Weights for a named objective: ``late-contacts`` or ``shortfall``.

    ``shortfall`` counts missing agent-intervals against the requirement
    instead of expected late contacts, the measure most WFM tools report.
    """
    if objective == "late-contacts":
        return weights
    if objective == "shortfall":
        shortfall = weights.shortfall or 1.0
        return weights.model_copy(update={"late_contacts": 0.0, "shortfall": shortfall})
    msg = f"objective '{objective}' is not one of: late-contacts, shortfall"
    raise ValueError(msg)
