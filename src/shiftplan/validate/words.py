"""How the validator says amounts and times: durations, spans, clock minutes."""

from __future__ import annotations

from datetime import date, time, timedelta
from fractions import Fraction


def duration(minutes: float | Fraction) -> str:
    """Minutes as '7 h 30 min', '8 h' or '45 min' (negative with a sign)."""
    sign = "-" if minutes < 0 else ""
    whole = round(abs(float(minutes)))
    hours, rest = divmod(whole, 60)
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    if hours or not rest:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def day_span(first: date, last: date) -> str:
    """One date, or ``first..last``."""
    return str(first) if first == last else f"{first}..{last}"


def elapsed_minutes(delta: timedelta) -> float:
    """A time difference in (fractional) minutes."""
    return delta.total_seconds() / 60


def clock_minute(moment: time) -> int:
    """Minutes since local midnight of a wall-clock time."""
    return moment.hour * 60 + moment.minute


def exact(value: float) -> Fraction:
    """A YAML number as the decimal the user wrote (37.5 -> 75/2, 0.1 -> 1/10)."""
    return Fraction(str(value))
