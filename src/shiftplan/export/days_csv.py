"""A flat CSV for other tools: one row per agent and local day, times in the report zone.

Text cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading single quote,
as OWASP advises against CSV injection.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.atomic import write_text
from shiftplan.export._common import agent_days
from shiftplan.roster_io import protect
from shiftplan.scenario.models import Scenario


def days_frame(scenario: Scenario, shifts: pd.DataFrame) -> pd.DataFrame:
    """One row per agent and local day: what the day is and, for a shift, its times."""
    report = scenario.report_zone
    zone = report.key
    rows = []
    days = agent_days(scenario, shifts)
    for agent in scenario.agents:
        for entry in days[agent.id]:
            shift = entry.shift
            row = {
                "agent_id": protect(agent.id),
                "agent_name": protect(agent.name),
                "agent_timezone": agent.timezone,
                "local_date": entry.day.isoformat(),
                "weekday": f"{entry.day:%a}",
                "day": "shift" if shift is not None else (entry.reason or "off"),
                "start_local": "",
                "end_local": "",
                f"start ({zone})": "",
                f"end ({zone})": "",
                "paid_hours": "",
            }
            if shift is not None:
                # Plain datetimes: pandas' per-value tz_convert is several times slower.
                start = pd.Timestamp(shift["start_utc"]).to_pydatetime()
                end = pd.Timestamp(shift["end_utc"]).to_pydatetime()
                own = ZoneInfo(agent.timezone)
                row["start_local"] = f"{start.astimezone(own):%Y-%m-%d %H:%M}"
                row["end_local"] = f"{end.astimezone(own):%Y-%m-%d %H:%M}"
                row[f"start ({zone})"] = f"{start.astimezone(report):%Y-%m-%d %H:%M}"
                row[f"end ({zone})"] = f"{end.astimezone(report):%Y-%m-%d %H:%M}"
                row["paid_hours"] = f"{round(float(shift['paid_hours']) * 2) / 2:g}"
            rows.append(row)
    return pd.DataFrame(rows)


def write_days_csv(scenario: Scenario, shifts: pd.DataFrame, path: Path) -> Path:
    """Write the per-day CSV atomically."""
    frame = days_frame(scenario, shifts)

    write_text(path, frame.to_csv(index=False, lineterminator="\n"))
    return path
