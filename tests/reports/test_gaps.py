"""Gap windows: runs of short intervals, worst first, in UTC and the report zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from shiftplan.reports.gaps import gap_windows


def coverage_frame(shortfall: list[int]) -> pd.DataFrame:
    """One chat queue on an hourly grid from Monday 2027-03-22 00:00 UTC."""
    count = len(shortfall)
    return pd.DataFrame(
        {
            "interval": np.arange(count),
            "interval_start_utc": pd.date_range("2027-03-22", periods=count, freq="h", tz="UTC"),
            "queue": "chat",
            "contacts": 10.0,
            "expected_late_contacts": [2.0 * short for short in shortfall],
            "shortfall": shortfall,
        }
    )


def test_short_intervals_group_into_windows_worst_first() -> None:
    """Intervals 1-2 and 5 are short: two windows, the longer and deeper first."""
    coverage = coverage_frame([0, 1, 2, 0, 0, 1])
    on_shift = np.array([3, 1, 0, 2, 2, 0])
    gaps = gap_windows(coverage, on_shift, 60, ZoneInfo("Europe/Berlin"))
    assert list(gaps["start_utc"]) == ["2027-03-22T01:00Z", "2027-03-22T05:00Z"]
    assert list(gaps["end_utc"]) == ["2027-03-22T03:00Z", "2027-03-22T06:00Z"]
    assert list(gaps["start_report"]) == ["2027-03-22T02:00+01:00", "2027-03-22T06:00+01:00"]
    assert list(gaps["hours"]) == [2.0, 1.0]
    assert list(gaps["worst_shortfall"]) == [2, 1]
    assert list(gaps["agent_hours_short"]) == [3.0, 1.0]
    assert list(gaps["late_contacts"]) == [6.0, 2.0]
    assert list(gaps["expected_service_level"]) == [0.7, 0.8]
    # Someone is on in the first window's first hour; nobody in the second.
    assert list(gaps["nobody_on"]) == [False, True]


def test_no_shortfall_gives_no_windows() -> None:
    """A fully covered queue has an empty frame with the same columns."""
    gaps = gap_windows(coverage_frame([0, 0, 0]), np.array([1, 1, 1]), 60, ZoneInfo("UTC"))
    assert gaps.empty and "nobody_on" in gaps.columns
