"""Publish a roster to the people who work it: a workbook, calendars and a flat CSV.

::

    paths = export_roster(scenario, result.roster.shifts, "out", ["xlsx", "ics"],
                          coverage=result.coverage)
    paths = export_folder("out", ["csv"])  # from a solve's output folder
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.export.days_csv import write_days_csv
from shiftplan.export.ics import write_calendars
from shiftplan.export.xlsx import write_workbook
from shiftplan.roster_io import read_roster
from shiftplan.scenario.models import Scenario

FORMATS = ("xlsx", "ics", "csv")
FILE_NAMES = {"xlsx": "roster.xlsx", "ics": "calendars", "csv": "roster_days.csv"}
"""Where each format goes inside the destination folder (``ics`` is a folder)."""

__all__ = ["FILE_NAMES", "FORMATS", "export_folder", "export_roster", "parse_formats"]


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """'xlsx,ics' as ['xlsx', 'ics']; an unknown format is an error naming it."""
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = [item.strip().lower() for item in items if item.strip()]
    unknown = [item for item in formats if item not in FORMATS]
    if unknown or not formats:
        msg = f"format {', '.join(repr(u) for u in unknown) or 'list is empty'}: choose from " + (
            ", ".join(FORMATS)
        )
        raise ShiftplanError(msg)
    return list(dict.fromkeys(formats))


def export_roster(
    scenario: Scenario,
    shifts: pd.DataFrame,
    out: str | Path,
    formats: str | Iterable[str],
    *,
    coverage: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write the roster in each format into the folder ``out``.

    Parameters
    ----------
    scenario
        The scenario of the roster.
    shifts
        The roster frame (``Result.roster.shifts`` or :func:`shiftplan.read_roster`).
    out
        Destination folder: ``roster.xlsx``, ``calendars/`` and ``roster_days.csv``.
    formats
        Any of ``xlsx``, ``ics``, ``csv``, as a list or comma-separated text.
    coverage
        The coverage table for the workbook's ``Coverage`` sheet.

    Returns
    -------
    dict[str, Path]
        The written file (or, for ``ics``, folder) of each format.
    """
    folder = Path(out)
    written: dict[str, Path] = {}
    for kind in parse_formats(formats):
        target = folder / FILE_NAMES[kind]
        if kind == "xlsx":
            written[kind] = write_workbook(scenario, shifts, target, coverage)
        elif kind == "ics":
            write_calendars(scenario, shifts, target)
            written[kind] = target
        else:
            written[kind] = write_days_csv(scenario, shifts, target)
    return written


def scenario_of(out_dir: Path) -> Path:
    """The scenario file a solve's output folder was made from (summary.json says)."""
    summary = out_dir / "summary.json"
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("scenario_file")
    except (OSError, ValueError):
        recorded = None
    if not recorded:
        msg = (
            f"{summary}: does not name the scenario file (or cannot be read); "
            "pass --scenario SCENARIO"
        )
        raise ShiftplanError(msg)
    return Path(recorded)


def export_folder(
    out_dir: str | Path,
    formats: str | Iterable[str],
    *,
    scenario: Scenario | None = None,
    dest: str | Path | None = None,
) -> dict[str, Path]:
    """Export the roster of a solve's output folder (roster.csv, coverage.csv, summary.json).

    The scenario is the one ``summary.json`` names unless given; files go to
    ``dest`` (default: the output folder itself).
    """
    from shiftplan.scenario.load import load_scenario

    folder = Path(out_dir)
    if scenario is None:
        scenario = load_scenario(scenario_of(folder))
    shifts = read_roster(folder / "roster.csv", scenario)
    coverage = None
    if (folder / "coverage.csv").is_file():
        coverage = pd.read_csv(folder / "coverage.csv")
    return export_roster(scenario, shifts, dest or folder, formats, coverage=coverage)
