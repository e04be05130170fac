"""Write result files atomically: a reader never sees half a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from shiftplan.atomic import replacing, write_text
from shiftplan.cover import shift_cover_frame
from shiftplan.reports.gaps import gap_windows
from shiftplan.result import Result
from shiftplan.roster_io import write_roster_csv
from shiftplan.scenario.models import Scenario
from shiftplan.scoring import on_shift


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, keeping the user's file mode."""
    write_text(path, text)


def write_frame(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame as CSV, atomically."""
    write_atomic(path, frame.to_csv(index=False, lineterminator="\n"))


def write_plot(path: Path, scenario: Scenario, coverage: pd.DataFrame) -> None:
    """Save the scheduled-vs-required chart of the first week, atomically."""
    import matplotlib.pyplot as plt

    from shiftplan.plotting import plot_coverage

    figure = plot_coverage(scenario, coverage)
    try:
        with replacing(path) as temporary:
            figure.savefig(temporary, dpi=90, format="png")
    finally:
        plt.close(figure)


def coverage_file_frame(coverage: pd.DataFrame) -> pd.DataFrame:
    """coverage.csv columns, with UTC times as ISO 8601 text."""
    frame = coverage.copy()
    frame["interval_start_utc"] = [
        pd.Timestamp(stamp).strftime("%Y-%m-%dT%H:%M:%SZ") for stamp in frame["interval_start_utc"]
    ]
    columns = [
        "interval_start_utc",
        "queue",
        "contacts",
        "required",
        "scheduled",
        "productive",
        "shortfall",
        "expected_service_level",
        "expected_late_contacts",
    ]
    return frame.loc[:, columns].round(4)


def shift_cover_file_frame(scenario: Scenario, result: Result) -> pd.DataFrame:
    """shift_cover.csv: people required and scheduled per shift type and day, weekday beside."""
    assert result.roster is not None
    frame = shift_cover_frame(scenario, result.roster.shifts)
    frame.insert(1, "weekday", [day.strftime("%a") for day in frame["date"]])
    return frame.drop(columns=["under_weight", "over_weight"])


def write_result(scenario: Scenario, result: Result, out: Path) -> dict[str, Path]:
    """Write roster.csv, coverage.csv, gaps.csv, coverage.png and summary.json into ``out``.

    Every file goes to a temporary name first and is renamed into place, so
    an interrupted run leaves the previous files or the new ones, never a mix
    within a file.
    """
    written: dict[str, Path] = {}
    summary: dict[str, Any] = {
        "scenario": scenario.name,
        "scenario_file": None if scenario.path is None else str(Path(scenario.path).resolve()),
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "runtime_seconds": round(result.runtime, 2),
        "explanation": result.explanation,
        "kpis": result.kpis,
    }
    if result.roster is not None and result.coverage is not None:
        gaps = gap_windows(
            result.coverage,
            on_shift(scenario, result.roster.shifts),
            scenario.horizon.interval_minutes,
            scenario.report_zone,
        )
        written["roster"] = out / "roster.csv"
        write_roster_csv(result.roster.shifts, written["roster"])
        written["coverage"] = out / "coverage.csv"
        write_frame(written["coverage"], coverage_file_frame(result.coverage))
        written["gaps"] = out / "gaps.csv"
        write_frame(written["gaps"], gaps)
        if scenario.queues:
            written["plot"] = out / "coverage.png"
            write_plot(written["plot"], scenario, result.coverage)
        if scenario.shift_cover:
            written["shift_cover"] = out / "shift_cover.csv"
            write_frame(written["shift_cover"], shift_cover_file_frame(scenario, result))
    written["summary"] = out / "summary.json"
    write_atomic(written["summary"], json.dumps(summary, indent=2, default=str) + "\n")
    return written
