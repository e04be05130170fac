"""The independent validator: a roster checked against every hard rule.

It reads a roster (a DataFrame or a ``roster.csv``) and re-derives each hard
labour rule from its plain meaning, in each agent's local calendar, without
the solver, the candidate shifts or the staffing code, so that a bug there
shows up here as a violation.

One file per rule family, named as the solver's constraint families in
:mod:`shiftplan.solver.constraints` (``daily_rest``, ``weekly_hours``,
``consecutive_days``, ``weekends``, ``shift_types``, ``one_shift_per_day``,
``coverage``), so each rule's two independent statements sit side by side as
a pair. ``candidates`` re-checks what :mod:`shiftplan.shifts` builds in (start
windows, lengths, consistent times); ``rows`` reads the roster; ``check``
runs every family per agent.
"""

from shiftplan.validate.check import RULES, assert_valid, validate_roster
from shiftplan.validate.coverage import recount_coverage
from shiftplan.validate.rows import VALIDATED_COLUMNS, RosterShift, Violation

__all__ = [
    "RULES",
    "VALIDATED_COLUMNS",
    "RosterShift",
    "Violation",
    "assert_valid",
    "recount_coverage",
    "validate_roster",
]
