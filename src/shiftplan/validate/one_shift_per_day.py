"""``one shift per day``: at most one shift per agent and local date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from shiftplan.validate.rows import RosterShift


def one_shift_per_day_problems(shifts: list[RosterShift]) -> list[str]:
    """One sentence per local date that holds more than one of the agent's shifts."""
    per_day: dict[date, list[RosterShift]] = defaultdict(list)
    for shift in shifts:
        per_day[shift.local_date].append(shift)
    problems: list[str] = []
    for day in sorted(per_day):
        if len(per_day[day]) > 1:
            starts = ", ".join(shift.start_local.isoformat() for shift in per_day[day])
            problems.append(f"{len(per_day[day])} shifts on {day}: starting {starts}")
    return problems
