"""``shift types``: each shift is one of the contract's types, counts and successions kept."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from shiftplan.scenario.models import Contract
from shiftplan.validate.rows import RosterShift


def shift_type_problems(contract: Contract, shifts: list[RosterShift]) -> list[str]:
    """Named shift types: each shift is one, at most max_shifts each, no forbidden pairs."""
    if not contract.shift_types:
        return []
    problems: list[str] = []
    kinds: dict[date, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for shift in shifts:
        clock = shift.start_local.hour * 60 + shift.start_local.minute
        name = next(
            (
                kind.name
                for kind in contract.shift_types
                if kind.start.hour * 60 + kind.start.minute == clock
                and abs(kind.hours * 60 - shift.paid_hours * 60) < 0.5
            ),
            None,
        )
        if name is None:
            problems.append(f"{shift.label()}: is none of the contract's shift types")
            continue
        kinds[shift.local_date] = name
        counts[name] += 1
    for name, most in contract.max_shifts.items():
        if counts[name] > most:
            problems.append(f"{counts[name]} shifts of type {name}, more than {most}")
    forbidden = {tuple(pair) for pair in contract.forbidden_successions}
    for day, name in sorted(kinds.items()):
        following = kinds.get(day + timedelta(days=1))
        if following is not None and (name, following) in forbidden:
            problems.append(f"{name} on {day} is followed by {following} the next day")
    return problems
