"""The instance's hard rules, checked on a solution from the instance data alone.

Written from the format guide, independently of the engine's scenario,
model and validator, so that a translation mistake in either direction shows
up as a broken rule here. Boundary conventions of the guide: days before and
after the horizon are days off for succession and maximum runs, and runs of
work or rest touching either end of the horizon are exempt from the minima.
"""

from __future__ import annotations

from collections.abc import Iterable

from shiftplan.bench.curtois.evaluate import Assignment
from shiftplan.bench.curtois.reader import CurtoisInstance


def check_solution(instance: CurtoisInstance, solution: Iterable[Assignment]) -> list[str]:
    """Every hard rule the solution breaks, one sentence each (empty: it keeps them all)."""
    shift_ids = {shift.id: shift for shift in instance.shifts}
    problems: list[str] = []
    by_employee: dict[str, dict[int, str]] = {member.id: {} for member in instance.staff}
    for employee, day, shift in solution:
        if employee not in by_employee:
            problems.append(f"unknown employee '{employee}'")
            continue
        if shift not in shift_ids:
            problems.append(f"{employee} day {day}: unknown shift '{shift}'")
            continue
        if not 0 <= day < instance.days:
            problems.append(f"{employee}: day {day} outside 0..{instance.days - 1}")
            continue
        if day in by_employee[employee]:
            problems.append(f"{employee} day {day}: more than one shift")
            continue
        by_employee[employee][day] = shift
    for member in instance.staff:
        problems.extend(_employee_problems(instance, member.id, by_employee[member.id]))
    return problems


def _employee_problems(instance: CurtoisInstance, employee: str, days: dict[int, str]) -> list[str]:
    member = next(m for m in instance.staff if m.id == employee)
    found: list[str] = []
    for day, shift in sorted(days.items()):
        following = days.get(day + 1)
        if following is not None and following in instance.shift(shift).cannot_follow:
            found.append(f"{employee}: {following} on day {day + 1} may not follow {shift}")
        if day in instance.days_off.get(employee, frozenset()):
            found.append(f"{employee}: works {shift} on day {day}, a fixed day off")
    for shift_id, most in member.max_shifts.items():
        count = sum(1 for shift in days.values() if shift == shift_id)
        if count > most:
            found.append(f"{employee}: {count} shifts {shift_id}, at most {most}")
    minutes = sum(instance.shift(shift).minutes for shift in days.values())
    if not member.min_total_minutes <= minutes <= member.max_total_minutes:
        found.append(
            f"{employee}: {minutes} minutes worked, outside "
            f"{member.min_total_minutes}..{member.max_total_minutes}"
        )
    for working, first, last in _runs(instance.days, set(days)):
        length = last - first + 1
        inside = first > 0 and last < instance.days - 1
        if working and length > member.max_consecutive_shifts:
            found.append(
                f"{employee}: works days {first}-{last}, more than "
                f"{member.max_consecutive_shifts} in a row"
            )
        if working and inside and length < member.min_consecutive_shifts:
            found.append(
                f"{employee}: works days {first}-{last} only, fewer than "
                f"{member.min_consecutive_shifts} in a row"
            )
        if not working and inside and length < member.min_consecutive_days_off:
            found.append(
                f"{employee}: off days {first}-{last} only, fewer than "
                f"{member.min_consecutive_days_off} in a row"
            )
    weekends = sum(
        1 for week in range(instance.weeks) if 7 * week + 5 in days or 7 * week + 6 in days
    )
    if weekends > member.max_weekends:
        found.append(f"{employee}: works {weekends} weekends, at most {member.max_weekends}")
    return found


def _runs(horizon: int, worked: set[int]) -> list[tuple[bool, int, int]]:
    """Maximal runs of worked days and of days off: (working, first, last)."""
    runs: list[tuple[bool, int, int]] = []
    first = 0
    for day in range(1, horizon + 1):
        if day == horizon or (day in worked) != (first in worked):
            runs.append((first in worked, first, day - 1))
            first = day
    return runs
