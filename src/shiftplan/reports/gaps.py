"""Coverage gaps: contiguous windows where a queue is short of its requirement."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd


def gap_windows(
    coverage: pd.DataFrame, on_shift: np.ndarray, interval_minutes: int, report_zone: ZoneInfo
) -> pd.DataFrame:
    """Group short intervals of each queue into windows a manager can act on.

    Parameters
    ----------
    coverage
        The coverage frame of a result (one row per interval and queue).
    on_shift
        Agents on shift per interval, any skill.
    interval_minutes
        Grid step.
    report_zone
        The manager's zone, for the local columns.

    Returns
    -------
    pandas.DataFrame
        One row per window, worst first by agent-hours short.
    """
    step = pd.Timedelta(minutes=interval_minutes)
    rows = []
    for queue, frame in coverage.groupby("queue", sort=False):
        short = frame["shortfall"].to_numpy() > 0
        edges = np.flatnonzero(np.diff(np.concatenate([[0], short.astype(int), [0]])))
        for first, stop in zip(edges[::2], edges[1::2], strict=True):
            window = frame.iloc[first:stop]
            start = pd.Timestamp(window["interval_start_utc"].iloc[0])
            end = pd.Timestamp(window["interval_start_utc"].iloc[-1]) + step
            contacts = float(window["contacts"].sum())
            late = float(window["expected_late_contacts"].sum())
            intervals = window["interval"].to_numpy()
            rows.append(
                {
                    "queue": queue,
                    "start_utc": start.strftime("%Y-%m-%dT%H:%MZ"),
                    "end_utc": end.strftime("%Y-%m-%dT%H:%MZ"),
                    "start_report": start.tz_convert(report_zone).isoformat(timespec="minutes"),
                    "end_report": end.tz_convert(report_zone).isoformat(timespec="minutes"),
                    "hours": (stop - first) * interval_minutes / 60,
                    "worst_shortfall": int(window["shortfall"].max()),
                    "agent_hours_short": float(window["shortfall"].sum()) * interval_minutes / 60,
                    "expected_service_level": round(1 - late / contacts, 4) if contacts else None,
                    "late_contacts": round(late, 2),
                    "nobody_on": bool((on_shift[intervals] == 0).all()),
                }
            )
    columns = [
        "queue",
        "start_utc",
        "end_utc",
        "start_report",
        "end_report",
        "hours",
        "worst_shortfall",
        "agent_hours_short",
        "expected_service_level",
        "late_contacts",
        "nobody_on",
    ]
    gaps = pd.DataFrame(rows, columns=columns)
    return gaps.sort_values(
        ["agent_hours_short", "start_utc"], ascending=[False, True], ignore_index=True
    )
