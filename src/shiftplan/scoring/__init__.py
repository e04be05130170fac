"""Scoring: what a roster costs and what it achieves, from the roster alone.

- :mod:`shiftplan.scoring.objective`: the objective as data (terms, units,
  integer coefficients), read by the CP-SAT model and the KPIs alike;
- :mod:`shiftplan.scoring.allocation`: the split of agents on shift between
  queues, and the per-queue cost of being short;
- :mod:`shiftplan.scoring.kpis`: a roster's key figures and objective,
  recomputed without the solver, so a test can check they equal its score;
- :mod:`shiftplan.scoring.cover`: head-count demand per shift type and day,
  and what a roster's under- and over-cover costs.
"""

from shiftplan.scoring.allocation import allocate_counts, queue_costs
from shiftplan.scoring.cover import shift_type_of
from shiftplan.scoring.kpis import (
    allocate,
    evaluate,
    gap_share,
    on_shift,
    on_shift_by_class,
    queue_cost_tables,
    shift_intervals,
)
from shiftplan.scoring.objective import POINTS, TERMS, Coefficients, coefficients, weights_for

__all__ = [
    "POINTS",
    "TERMS",
    "Coefficients",
    "allocate",
    "allocate_counts",
    "coefficients",
    "evaluate",
    "gap_share",
    "on_shift",
    "on_shift_by_class",
    "queue_cost_tables",
    "queue_costs",
    "shift_intervals",
    "shift_type_of",
    "weights_for",
]
