"""Rules the candidate shifts obey by construction (see :mod:`shiftplan.shifts`).

``consistent times`` (UTC, local times and local date agree), ``shift length``,
``start window``, ``time off`` and ``inside cycle``, re-derived here from the
contract and the calendar alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from shiftplan.scenario.models import Contract
from shiftplan.validate.rows import RosterShift
from shiftplan.validate.words import clock_minute, duration, elapsed_minutes

_DAY = 24 * 60
_ZERO = timedelta(0)


def time_problems(shift: RosterShift, zone: ZoneInfo, contract: Contract) -> list[str]:
    """Rule 2: UTC times, paid hours, local times and the local date agree."""
    problems: list[str] = []
    for name, stamp in (("start_utc", shift.start), ("end_utc", shift.end)):
        if stamp.utcoffset() != _ZERO:
            problems.append(f"{name} {stamp.isoformat()} is not written in UTC")
    elapsed = elapsed_minutes(shift.end - shift.start)
    if abs(elapsed - shift.paid_hours * 60) >= 0.5:
        problems.append(
            f"start_utc to end_utc is {duration(elapsed)} elapsed but paid_hours is "
            f"{shift.paid_hours:g}, {duration(abs(elapsed - shift.paid_hours * 60))} "
            f"{'more' if elapsed > shift.paid_hours * 60 else 'less'} than paid"
        )
    for local_name, local, utc_name, utc in (
        ("start_local", shift.start_local, "start_utc", shift.start),
        ("end_local", shift.end_local, "end_utc", shift.end),
    ):
        # Compare in UTC: Python never finds a fold=1 wall time (the second
        # 02:30 of an autumn night) equal to an instant in another zone.
        if local.astimezone(UTC) != utc.astimezone(UTC):
            problems.append(
                f"{local_name} {local.isoformat()} is not the same instant as {utc_name} "
                f"{utc.isoformat()} ({duration(abs(elapsed_minutes(local - utc)))} "
                f"{'later' if local > utc else 'earlier'})"
            )
        real = local.astimezone(zone).utcoffset()
        if local.utcoffset() != real:
            problems.append(
                f"{local_name} {local.isoformat()} carries offset {_offset(local.utcoffset())} "
                f"but {zone.key} is at {_offset(real)} at that instant"
            )
    window = contract.start_window
    crosses = clock_minute(window.latest) < clock_minute(window.earliest)
    start_day = shift.start_local.date()
    after_midnight = crosses and shift.start_local.time() <= window.latest
    expected = shift.local_date + timedelta(days=1) if after_midnight else shift.local_date
    if start_day != expected:
        why = (
            "a start after midnight in a window crossing midnight belongs to the day before"
            if after_midnight
            else "a shift starts on its own local_date"
        )
        problems.append(
            f"starts on local day {start_day} but local_date is {shift.local_date} "
            f"(expected a start on {expected}: {why})"
        )
    return problems


def _offset(delta: timedelta | None) -> str:
    if delta is None:
        return "none"
    minutes = round(elapsed_minutes(delta))
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def allowed_length(paid_hours: float, contract: Contract) -> bool:
    """Whether ``paid_hours`` is one of the contract's shift lengths (to half a minute)."""
    return any(abs(paid_hours * 60 - length * 60) < 0.5 for length in contract.shift_hours)


def window_problem(start_local: datetime, contract: Contract) -> str | None:
    """Rule 4: the local wall-clock start lies in the window, on the step grid."""
    window = contract.start_window
    earliest, latest = clock_minute(window.earliest), clock_minute(window.latest)
    span = (latest - earliest) % _DAY
    moment = start_local.time()
    offset = (clock_minute(moment) - earliest) % _DAY
    text = f"{window.earliest:%H:%M}-{window.latest:%H:%M}"
    if offset > span:
        return f"starts at {moment:%H:%M} local, outside the start window {text}"
    if offset % contract.start_step_minutes or moment.second or moment.microsecond:
        return (
            f"starts at {moment.isoformat()} local, not on the {contract.start_step_minutes}-"
            f"minute grid from {window.earliest:%H:%M}"
        )
    return None


def time_off_problem(shift: RosterShift, days_off: dict[date, str]) -> str | None:
    """``time off``: the shift's local date is a day of leave or a public holiday."""
    if shift.local_date not in days_off:
        return None
    return f"{shift.label()}: {shift.local_date} is a day off ({days_off[shift.local_date]})"


def cycle_problem(shift: RosterShift, first_day: date, last_day: date) -> str | None:
    """``inside cycle``: the shift's local date lies outside the cycle."""
    if first_day <= shift.local_date <= last_day:
        return None
    return (
        f"{shift.label()}: local_date {shift.local_date} is outside the cycle "
        f"{first_day}..{last_day}"
    )
