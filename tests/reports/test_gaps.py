"""Gap windows: runs of short intervals, split at the report zone's midnight, nobody-on first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.reports.gaps import GAP_COLUMNS, gap_windows
from shiftplan.result import ROSTER_COLUMNS


def coverage_frame(shortfall: list[int]) -> pd.DataFrame:
    """One chat queue on the tiny scenario's hourly grid from Monday 2027-03-22 00:00 UTC."""
    count = 7 * 24
    short = np.zeros(count, dtype=int)
    short[: len(shortfall)] = shortfall
    return pd.DataFrame(
        {
            "interval": np.arange(count),
            "interval_start_utc": pd.date_range("2027-03-22", periods=count, freq="h", tz="UTC"),
            "queue": "chat",
            "contacts": 10.0,
            "required": short,
            "scheduled": 0,
            "expected_late_contacts": 2.0 * short,
            "shortfall": short,
        }
    )


def test_windows_split_at_report_midnight_and_list_nobody_on_first(tmp_path: Path) -> None:
    """Short 21:00-02:00 UTC (22:00-03:00 Berlin) with nobody on: two windows, one per day."""
    scenario = load_scenario(write_tiny_scenario(tmp_path))
    shortfall = [0] * 21 + [1, 2, 2, 1, 1]
    roster = pd.DataFrame(columns=list(ROSTER_COLUMNS))
    found = gap_windows(scenario, roster, coverage_frame(shortfall))
    assert tuple(found.columns) == GAP_COLUMNS
    # Largest first among nobody-online windows: the 4 agent-hours after midnight.
    assert list(found["agent_hours_short"]) == [4.0, 3.0]
    gaps = found.sort_values("start_utc")
    assert list(gaps["start_utc"]) == ["2027-03-22T21:00Z", "2027-03-22T23:00Z"]
    assert list(gaps["end_utc"]) == ["2027-03-22T23:00Z", "2027-03-23T02:00Z"]
    assert list(gaps["start_report"]) == ["2027-03-22T22:00+01:00", "2027-03-23T00:00+01:00"]
    assert list(gaps["weekday"]) == ["Mon", "Tue"]
    assert list(gaps["worst_shortfall"]) == [2, 2]
    assert list(gaps["nobody_on"]) == [True, True]
    assert all(gaps["causes"].str.contains("nobody with the skill on shift"))


def test_no_shortfall_gives_no_windows(tmp_path: Path) -> None:
    """A fully covered queue has an empty frame with the same columns."""
    scenario = load_scenario(write_tiny_scenario(tmp_path))
    roster = pd.DataFrame(columns=list(ROSTER_COLUMNS))
    gaps = gap_windows(scenario, roster, coverage_frame([]))
    assert gaps.empty and tuple(gaps.columns) == GAP_COLUMNS
