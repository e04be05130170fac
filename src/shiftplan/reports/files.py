"""Write result files atomically: a reader never sees half a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from shiftplan.atomic import replacing, write_text
from shiftplan.reports.gaps import gap_windows, nobody_on
from shiftplan.reports.headline import headline
from shiftplan.result import Result
from shiftplan.roster_io import write_roster_csv
from shiftplan.scenario.models import Scenario


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, keeping the user's file mode."""
    write_text(path, text)


def write_frame(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame as CSV, atomically."""
    write_atomic(path, frame.to_csv(index=False, lineterminator="\n"))


def write_figure(path: Path, figure: Any, dpi: int = 90) -> None:
    """Save a matplotlib figure as PNG, atomically, and close it."""
    import matplotlib.pyplot as plt

    try:
        with replacing(path) as temporary:
            figure.savefig(temporary, dpi=dpi, format="png")
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
        "nobody_on",
    ]
    return frame.loc[:, columns].round(4)


def write_result(
    scenario: Scenario, result: Result, out: Path, *, week: int = 1, report: bool = True
) -> dict[str, Path]:
    """Write roster.csv, coverage.csv, gaps.csv, the plots, summary.json and report.html.

    ``coverage.png`` shows week ``week``; ``heatmap.png`` the whole cycle;
    ``report.html`` (unless ``report`` is False) is the page for managers.

    Every file goes to a temporary name first and is renamed into place, so
    an interrupted run leaves the previous files or the new ones, never a mix
    within a file.
    """
    written: dict[str, Path] = {}
    summary: dict[str, Any] = {
        "scenario": scenario.name,
        # The report reloads the scenario for zones, leave and holiday names.
        "scenario_file": None if scenario.path is None else str(Path(scenario.path).resolve()),
        "report_timezone": scenario.file.report_timezone,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "runtime_seconds": round(result.runtime, 2),
        "explanation": result.explanation,
        "kpis": result.kpis,
    }
    if result.roster is not None and result.coverage is not None:
        from shiftplan.plotting import plot_coverage, plot_coverage_heatmap

        coverage = result.coverage
        if "nobody_on" not in coverage.columns:
            coverage = coverage.assign(
                nobody_on=nobody_on(scenario, result.roster.shifts, coverage).to_numpy()
            )
        gaps = gap_windows(scenario, result.roster.shifts, coverage)
        summary["headline"] = headline(
            scenario, coverage, float(result.kpis.get("paid_hours", 0.0))
        ).sentences()
        if scenario.requests:
            from shiftplan.reports.requests import denied_requests

            summary["requests_not_met"] = denied_requests(
                scenario, result.roster.to_csv_frame()
            ).to_dict(orient="records")
        written["roster"] = out / "roster.csv"
        write_roster_csv(result.roster.shifts, written["roster"])
        written["coverage"] = out / "coverage.csv"
        write_frame(written["coverage"], coverage_file_frame(coverage))
        written["gaps"] = out / "gaps.csv"
        write_frame(written["gaps"], gaps)
        written["plot"] = out / "coverage.png"
        write_figure(written["plot"], plot_coverage(scenario, coverage, week=week))
        written["heatmap"] = out / "heatmap.png"
        write_figure(written["heatmap"], plot_coverage_heatmap(scenario, coverage))
    written["summary"] = out / "summary.json"
    write_atomic(written["summary"], json.dumps(summary, indent=2, default=str) + "\n")
    if report and "roster" in written:
        from shiftplan.reports.html import REPORT_NAME, build_report

        written["report"] = out / REPORT_NAME
        write_atomic(written["report"], build_report(out, scenario))
    return written
