"""Staffing report: requirements file and a compact daily summary."""

from __future__ import annotations

import pandas as pd

from shiftplan.scenario.models import Scenario


def requirements_file_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """requirements.csv: one row per (interval_start_utc, queue)."""
    result = frame.drop(columns=["interval"]).copy()
    result["interval_start_utc"] = [
        pd.Timestamp(stamp).strftime("%Y-%m-%dT%H:%M:%SZ") for stamp in result["interval_start_utc"]
    ]
    return result.round(4)


def daily_summary(scenario: Scenario, frame: pd.DataFrame) -> str:
    """Per report-zone day and queue: peak requirement, its hour, agent-hours."""
    zone = scenario.report_zone
    hours = scenario.horizon.interval_minutes / 60
    local = pd.DatetimeIndex(frame["interval_start_utc"]).tz_convert(zone)
    data = frame.assign(day=local.date, local=local)
    rows = []
    for (day, queue), group in data.groupby(["day", "queue"], sort=True):
        peak = group.iloc[int(group["required"].to_numpy().argmax())]
        rows.append(
            {
                "day": f"{day:%a %Y-%m-%d}",
                "queue": queue,
                "contacts": round(float(group["contacts"].sum())),
                "peak_required": int(peak["required"]),
                "peak_at": f"{peak['local']:%H:%M}",
                "agent_hours": round(float(group["required"].sum()) * hours, 1),
            }
        )
    table = pd.DataFrame(rows)
    total = table["agent_hours"].sum()
    return (
        f"Staffing for {scenario.name} (days and peak times in {scenario.file.report_timezone}; "
        f"requirements are scheduled agents after {scenario.file.shrinkage:.0%} shrinkage)\n"
        + table.to_string(index=False)
        + f"\nTotal required: {total:,.1f} agent-hours"
    )
