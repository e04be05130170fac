"""Coverage gaps a manager can act on: short windows of a queue, each with its causes.

A window is a run of intervals in which one queue is short of its
requirement. Runs are split at local midnight of the report zone (no window
is longer than a day, and each has one weekday) and where "nobody online"
starts or stops, because an empty queue is a different problem from a thin
one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from shiftplan.reports.causes import queue_reach, window_causes
from shiftplan.scenario.models import Scenario
from shiftplan.scoring.kpis import skilled_on_shift

GAP_COLUMNS = (
    "queue",
    "weekday",
    "start_utc",
    "end_utc",
    "start_report",
    "end_report",
    "hours",
    "nobody_on",
    "worst_shortfall",
    "agent_hours_short",
    "late_contacts",
    "service_level",
    "cause",
    "causes",
)


def roster_times(shifts: pd.DataFrame) -> pd.DataFrame:
    """The roster with ``start_utc``/``end_utc`` as tz-aware timestamps (roster.csv has text)."""
    frame = shifts.copy()
    for column in ("start_utc", "end_utc"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def nobody_on(scenario: Scenario, shifts: pd.DataFrame, coverage: pd.DataFrame) -> pd.Series:
    """Per coverage row: contacts are due and no agent with the queue's skill is on shift."""
    skilled = skilled_on_shift(scenario, roster_times(shifts))
    index = _interval_index(scenario, coverage)
    flags = np.zeros(len(coverage), bool)
    for queue, rows in coverage.groupby("queue", sort=False).indices.items():
        flags[rows] = (coverage["required"].to_numpy()[rows] > 0) & (
            skilled[str(queue)][index[rows]] == 0
        )
    return pd.Series(flags, index=coverage.index, name="nobody_on")


def _interval_index(scenario: Scenario, coverage: pd.DataFrame) -> np.ndarray:
    """Grid index of each coverage row (coverage.csv has times, not indices)."""
    if "interval" in coverage.columns:
        return coverage["interval"].to_numpy(dtype=np.int64)
    times = pd.to_datetime(coverage["interval_start_utc"], utc=True)
    origin = pd.Timestamp(scenario.horizon.start_utc)
    minutes = (times - origin).dt.total_seconds().to_numpy() // 60
    return (minutes // scenario.horizon.interval_minutes).astype(np.int64)


def gap_windows(scenario: Scenario, shifts: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Group the short intervals of each queue into windows, with their causes.

    Parameters
    ----------
    scenario
        The scenario the roster was made for (zones, skills, leave, holidays).
    shifts
        The roster (``Roster.shifts`` or the rows of roster.csv).
    coverage
        One row per interval and queue (``Result.coverage`` or coverage.csv).

    Returns
    -------
    pandas.DataFrame
        One row per window, columns :data:`GAP_COLUMNS`: nobody-online windows
        first, then by agent-hours short, largest first. ``cause`` is the cause
        explaining the most agent-hours; ``causes`` lists all, largest first.
    """
    horizon = scenario.horizon
    step = horizon.interval_minutes
    hours_per_interval = step / 60
    zone = scenario.report_zone
    shifts = roster_times(shifts)
    skilled = skilled_on_shift(scenario, shifts)
    reach = queue_reach(scenario)
    index = _interval_index(scenario, coverage)
    origin = pd.Timestamp(horizon.start_utc)
    starts = origin + pd.to_timedelta(np.arange(horizon.intervals) * step, unit="m")
    local_day = np.asarray(starts.tz_convert(zone).date)
    rows = []
    for queue in scenario.queues:
        positions = np.flatnonzero(coverage["queue"].to_numpy() == queue.name)
        if not len(positions):
            continue
        order = positions[np.argsort(index[positions])]
        frame = coverage.iloc[order]
        grid = index[order]
        shortfall = frame["shortfall"].to_numpy(dtype=np.int64)
        required = frame["required"].to_numpy(dtype=np.int64)
        on = skilled[queue.name][grid]
        empty = (required > 0) & (on == 0)
        short = shortfall > 0
        # A new window starts where shortage starts, at local midnight, or
        # where nobody-online switches.
        cut = np.ones(len(frame), bool)
        cut[1:] = (
            ~short[:-1] | (local_day[grid[1:]] != local_day[grid[:-1]]) | (empty[1:] != empty[:-1])
        )
        begins = np.flatnonzero(short & cut)
        for begin in begins:
            end = begin + 1
            while end < len(frame) and short[end] and not cut[end]:
                end += 1
            first, stop = int(grid[begin]), int(grid[end - 1]) + 1
            window = frame.iloc[begin:end]
            start_time = starts[first]
            end_time = start_time + pd.Timedelta(minutes=step * (stop - first))
            contacts = float(window["contacts"].sum())
            late = float(window["expected_late_contacts"].sum())
            causes = window_causes(
                reach[queue.name],
                queue.skill,
                first,
                stop,
                shortfall[begin:end],
                required[begin:end],
                on[begin:end],
                hours_per_interval,
            )
            local_start = start_time.tz_convert(zone)
            rows.append(
                {
                    "queue": queue.name,
                    "weekday": f"{local_start:%a}",
                    "start_utc": start_time.strftime("%Y-%m-%dT%H:%MZ"),
                    "end_utc": end_time.strftime("%Y-%m-%dT%H:%MZ"),
                    "start_report": local_start.isoformat(timespec="minutes"),
                    "end_report": end_time.tz_convert(zone).isoformat(timespec="minutes"),
                    "hours": (stop - first) * hours_per_interval,
                    "nobody_on": bool(empty[begin:end].all()),
                    "worst_shortfall": int(shortfall[begin:end].max()),
                    "agent_hours_short": float(shortfall[begin:end].sum()) * hours_per_interval,
                    "late_contacts": round(late, 1),
                    # Deferred work can count more late than arrived in the
                    # window (backlog from before it); a share stays in 0..1.
                    "service_level": round(min(1.0, max(0.0, 1 - late / contacts)), 3)
                    if contacts
                    else 1.0,
                    "cause": causes[0].kind if causes else "",
                    "causes": "; ".join(cause.text() for cause in causes),
                }
            )
    gaps = pd.DataFrame(rows, columns=list(GAP_COLUMNS))
    return gaps.sort_values(
        ["nobody_on", "agent_hours_short", "start_utc"],
        ascending=[False, False, True],
        ignore_index=True,
    )
