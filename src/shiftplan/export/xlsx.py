"""The roster workbook: a sheet per week, agents by home zone, cells in local time.

Written with openpyxl because the same library reads the edited workbook back
(:func:`shiftplan.roster_io.read_roster`); XlsxWriter cannot read. Any text
cell that begins with ``=``, ``+``, ``-`` or ``@`` is stored as a string, so a
name can never become a formula.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from shiftplan.atomic import replacing
from shiftplan.export._common import Day, agent_days
from shiftplan.roster_io import FORMULA_STARTS
from shiftplan.scenario.models import Scenario
from shiftplan.shifts import NIGHT_MIN_MINUTES, night_minutes

WEEKEND = PatternFill("solid", fgColor="E7E6E6")
OFF = PatternFill("solid", fgColor="DDEBF7")
ZONE_ROW = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)
ITALIC = Font(italic=True, color="44546A")
CENTER = Alignment(horizontal="center")
FIRST_DATA_ROW = 3


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Set a cell; text that a spreadsheet would read as a formula stays text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def write_workbook(
    scenario: Scenario, shifts: pd.DataFrame, path: Path, coverage: pd.DataFrame | None = None
) -> Path:
    """Write the roster workbook to ``path`` atomically.

    Parameters
    ----------
    scenario
        The scenario the roster belongs to (zones, leave, holidays, weekends).
    shifts
        The roster frame (see :data:`shiftplan.roster_io.ROSTER_COLUMNS`).
    path
        Where the ``.xlsx`` goes.
    coverage
        The solve's coverage table, for the ``Coverage`` sheet (left out when None).
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    days = agent_days(scenario, shifts)
    horizon = scenario.horizon
    for number, first in enumerate(range(0, horizon.days, 7), start=1):
        block = list(range(first, min(first + 7, horizon.days)))
        _week_sheet(workbook, scenario, days, number, block)
    if coverage is not None:
        _coverage_sheet(workbook, scenario, coverage)
    _agents_sheet(workbook, scenario, days)

    with replacing(path) as temporary:
        workbook.save(temporary)
    return path


def _week_sheet(
    workbook: Workbook,
    scenario: Scenario,
    days: dict[str, list[Day]],
    number: int,
    block: list[int],
) -> None:
    dates = [scenario.horizon.start + timedelta(days=k) for k in block]
    sheet = workbook.create_sheet(f"Week {number} {dates[0]:%Y-%m-%d}")
    put(
        sheet,
        1,
        1,
        f"Week {number}: {dates[0]:%a %Y-%m-%d} to {dates[-1]:%a %Y-%m-%d}. Every time is the "
        "agent's own local time (zone in column C). Edit a cell as 07:00-15:00, "
        "empty it for a day off.",
    ).font = BOLD
    header = ["Agent ID", "Name", "Zone"]
    for column, title in enumerate(header, start=1):
        put(sheet, 2, column, title).font = BOLD
    for offset, day in enumerate(dates):
        cell = put(sheet, 2, 4 + offset, day)
        cell.number_format = "ddd yyyy-mm-dd"
        cell.font = BOLD
        cell.alignment = CENTER
    hours_column = 4 + len(dates)
    put(sheet, 2, hours_column, "Paid hours").font = BOLD
    row = FIRST_DATA_ROW
    for zone, agents in _by_zone(scenario):
        put(sheet, row, 2, zone).font = BOLD
        for column in range(1, hours_column + 1):
            sheet.cell(row=row, column=column).fill = ZONE_ROW
        row += 1
        for agent in agents:
            put(sheet, row, 1, agent.id)
            put(sheet, row, 2, agent.name)
            put(sheet, row, 3, agent.timezone)
            paid = 0.0
            for offset, k in enumerate(block):
                entry = days[agent.id][k]
                cell = put(sheet, row, 4 + offset, entry.label or None)
                cell.alignment = CENTER
                if entry.shift is not None:
                    paid += float(entry.shift["paid_hours"])
                elif entry.reason:
                    cell.fill = OFF
                    cell.font = ITALIC
                if entry.shift is None and entry.reason:
                    continue
                if entry.day.weekday() in agent.weekend:
                    cell.fill = WEEKEND
            put(sheet, row, hours_column, round(paid * 2) / 2)
            row += 1
    sheet.freeze_panes = "D3"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 20
    for offset in range(len(dates)):
        sheet.column_dimensions[get_column_letter(4 + offset)].width = 15
    sheet.column_dimensions[get_column_letter(hours_column)].width = 11


def _by_zone(scenario: Scenario) -> list[tuple[str, list[Any]]]:
    zones: dict[str, list[Any]] = {}
    for agent in scenario.agents:
        zones.setdefault(agent.timezone, []).append(agent)
    return [(zone, sorted(zones[zone], key=lambda a: a.id)) for zone in sorted(zones)]


def _coverage_sheet(workbook: Workbook, scenario: Scenario, coverage: pd.DataFrame) -> None:
    sheet = workbook.create_sheet("Coverage")
    zone = scenario.report_zone
    header = [
        f"Interval start ({zone.key})",
        "Queue",
        "Agents required",
        "Agents scheduled",
        "Short by (agents)",
    ]
    for column, title in enumerate(header, start=1):
        put(sheet, 1, column, title).font = BOLD
    starts = pd.to_datetime(coverage["interval_start_utc"], utc=True).dt.tz_convert(zone.key)
    required = coverage["required"].to_numpy()
    scheduled = coverage["scheduled"].to_numpy()
    for offset, (start, queue, need, have) in enumerate(
        zip(starts, coverage["queue"], required, scheduled, strict=True)
    ):
        row = offset + 2
        cell = sheet.cell(row=row, column=1, value=datetime.combine(start.date(), start.time()))
        cell.number_format = "ddd yyyy-mm-dd hh:mm"
        put(sheet, row, 2, str(queue))
        sheet.cell(row=row, column=3, value=round(float(need)))
        sheet.cell(row=row, column=4, value=round(float(have)))
        sheet.cell(row=row, column=5, value=max(0, round(float(need)) - round(float(have))))
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 17


def _agents_sheet(workbook: Workbook, scenario: Scenario, days: dict[str, list[Day]]) -> None:
    sheet = workbook.create_sheet("Agents")
    header = [
        "Agent ID",
        "Name",
        "Zone",
        "Contract",
        "Paid hours",
        "Shifts",
        "Night shifts",
        "Weekends worked",
    ]
    for column, title in enumerate(header, start=1):
        put(sheet, 1, column, title).font = BOLD
    for row, agent in enumerate(sorted(scenario.agents, key=lambda a: a.id), start=2):
        worked = [entry for entry in days[agent.id] if entry.shift is not None]
        hours = sum(float(entry.shift["paid_hours"]) for entry in worked if entry.shift)
        nights = 0
        weekends: set[tuple[int, int]] = set()
        for entry in worked:
            assert entry.shift is not None
            start = entry.shift["start_local"]
            minute = (start.date() - entry.day).days * 1440 + start.hour * 60 + start.minute
            length = round(float(entry.shift["paid_hours"]) * 60)
            nights += night_minutes(minute, length) >= NIGHT_MIN_MINUTES
            if start.date().weekday() in agent.weekend:
                weekends.add(start.date().isocalendar()[:2])
        values = [
            agent.id,
            agent.name,
            agent.timezone,
            agent.contract,
            round(hours * 2) / 2,
            len(worked),
            nights,
            len(weekends),
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (12, 24, 20, 14, 11, 8, 12, 16), strict=True):
        sheet.column_dimensions[letter].width = width
