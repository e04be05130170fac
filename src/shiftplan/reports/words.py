"""Numbers and times as a manager reads them: rounded to what they mean, zones named."""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

import pandas as pd


def percent(share: float | None) -> str:
    """0.8974 -> '90%'; a missing share reads 'no contacts'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "no contacts"
    return f"{share:.0%}"


def hours(value: float) -> str:
    """Hours to the half hour with thousands separators: 5,795.5 or 12."""
    rounded = round(value * 2) / 2
    return f"{rounded:,.1f}".removesuffix(".0")


def whole(value: float) -> str:
    """People and contacts as whole numbers: 1,234."""
    return f"{round(value):,}"


def zone_abbreviation(stamp: pd.Timestamp) -> str:
    """'EDT', or the zone's offset where it has no letters (e.g. '+0530')."""
    name = stamp.tzname() or ""
    return name if name.isalpha() else f"UTC{stamp:%z}"


def window_text(start_utc: str | pd.Timestamp, end_utc: str | pd.Timestamp, zone: ZoneInfo) -> str:
    """'Fri 2027-03-26 00:00-03:00 EDT (04:00-07:00 UTC)': report zone first, then UTC."""
    start = pd.Timestamp(start_utc)
    end = pd.Timestamp(end_utc)
    if start.tzinfo is None:
        start = start.tz_localize("UTC")
    if end.tzinfo is None:
        end = end.tz_localize("UTC")
    local_start, local_end = start.tz_convert(zone), end.tz_convert(zone)
    local = f"{local_start:%a %Y-%m-%d %H:%M}-{_end(local_start, local_end)}"
    utc_start, utc_end = start.tz_convert("UTC"), end.tz_convert("UTC")
    utc = f"{utc_start:%a %H:%M}-{_end(utc_start, utc_end)}"
    return f"{local} {zone_abbreviation(local_end)} ({utc} UTC)"


def _end(start: pd.Timestamp, end: pd.Timestamp) -> str:
    # The end of a window that closes at midnight reads 24:00 of its own day.
    if end.date() == start.date():
        return f"{end:%H:%M}"
    if end.hour == 0 and end.minute == 0 and (end - start) <= pd.Timedelta(days=1):
        return "24:00"
    return f"{end:%a %H:%M}"


def day_text(day: object) -> str:
    """'Fri 2027-03-26' for a date or ISO text."""
    return f"{pd.Timestamp(str(day)):%a %Y-%m-%d}"


def quality_text(status: str, gap: float | None) -> str:
    """The optimality figure in words a manager can weigh."""
    if status == "OPTIMAL":
        return "the best possible roster (proven)"
    if gap is None or gap >= 0.5:
        # A bound this weak says nothing a manager can use.
        return "a roster that keeps every rule; how close to the best is not proven yet"
    if gap < 0.0005:
        return "proven within 0.1% of the best possible roster"
    return f"proven within {gap:.1%} of the best possible roster"
