"""The independent validator: a roster checked against every hard rule.

It reads a roster (a DataFrame or a ``roster.csv``) and re-derives each hard
labour rule from its plain meaning, in each agent's local calendar, without
the solver, the candidate shifts or the staffing code, so that a bug there
shows up here as a violation.
"""

from shiftplan.validate.check import (
    RULES,
    VALIDATED_COLUMNS,
    Violation,
    assert_valid,
    recount_coverage,
    validate_roster,
)

__all__ = [
    "RULES",
    "VALIDATED_COLUMNS",
    "Violation",
    "assert_valid",
    "recount_coverage",
    "validate_roster",
]
