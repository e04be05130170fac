"""Write result files atomically: a reader never sees half a file, nor a mixed set."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from shiftplan.atomic import replacing, write_text
from shiftplan.output_set import Writer, new_run_id, write_output_set
from shiftplan.output_set import write_text as write_plain
from shiftplan.reports.gaps import gap_windows, nobody_on
from shiftplan.reports.headline import headline
from shiftplan.result import Result
from shiftplan.roster_io import FORMULA_STARTS, csv_frame
from shiftplan.scenario.models import Scenario
from shiftplan.scoring.cover import shift_cover_frame


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, made plain text.

    A name such as ``=HYPERLINK(...)`` or ``@SUM(A1)`` gets a leading
    apostrophe, which Excel, LibreOffice and Google Sheets show as text.
    Numbers are left alone: only text columns are touched.
    """
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_object_dtype(safe[column]) or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = [
                "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in safe[column]
            ]
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV text that spreadsheets open safely."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n")


def write_frame(path: Path, frame: pd.DataFrame, *, formulas_safe: bool = True) -> None:
    """Write a frame as CSV, atomically.

    ``formulas_safe=False`` writes text exactly, for scenario input files
    that shiftplan reads back (they must round-trip unchanged).
    """
    if formulas_safe:
        write_text(path, csv_text(frame))
    else:
        write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def write_figure(path: Path, figure: Any, run_id: str | None = None, dpi: int = 90) -> None:
    """Save a matplotlib figure as PNG (run id in its metadata), atomically, and close it."""
    import matplotlib.pyplot as plt

    try:
        with replacing(path) as temporary:
            metadata = {"run_id": run_id} if run_id else None
            figure.savefig(temporary, dpi=dpi, format="png", metadata=metadata)
    finally:
        plt.close(figure)


def _plot(make: Any, run_id: str | None, path: Path) -> None:
    # The figure is drawn only when its file is written, inside the new set.
    write_figure(path, make(), run_id)


def _csv(frame: pd.DataFrame, path: Path) -> None:
    write_plain(path, csv_text(frame))


def _roster_csv(shifts: pd.DataFrame, path: Path) -> None:
    # csv_frame already protects names (and the roster reader undoes it).
    write_plain(path, csv_frame(shifts).to_csv(index=False, lineterminator="\n"))


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


def with_nobody_on(scenario: Scenario, result: Result) -> pd.DataFrame:
    """The result's coverage with its ``nobody_on`` column (recounted if missing)."""
    assert result.roster is not None and result.coverage is not None
    coverage = result.coverage
    if "nobody_on" not in coverage.columns:
        coverage = coverage.assign(
            nobody_on=nobody_on(scenario, result.roster.shifts, coverage).to_numpy()
        )
    return coverage


def result_writers(
    scenario: Scenario,
    result: Result,
    run_id: str | None = None,
    *,
    week: int = 1,
    report: bool = True,
) -> dict[str, Writer]:
    """File name -> writer for each file of a solve's set (summary.json aside).

    A feature that adds a file to the set adds it here, by name. ``coverage.png``
    shows week ``week``, ``heatmap.png`` the whole cycle, and ``report.html``
    (unless ``report`` is False) is the page for managers.
    """
    from shiftplan.plotting import plot_coverage, plot_coverage_heatmap

    if result.roster is None or result.coverage is None:
        return {}
    coverage = with_nobody_on(scenario, result)
    gaps = gap_windows(scenario, result.roster.shifts, coverage)
    writers: dict[str, Writer] = {
        "roster.csv": partial(_roster_csv, result.roster.shifts),
        "coverage.csv": partial(_csv, coverage_file_frame(coverage)),
        "gaps.csv": partial(_csv, gaps),
    }
    if scenario.queues:
        # Without queues there is no interval demand to chart or report on.
        writers["coverage.png"] = partial(
            _plot, partial(plot_coverage, scenario, coverage, week=week), run_id
        )
        writers["heatmap.png"] = partial(
            _plot, partial(plot_coverage_heatmap, scenario, coverage), run_id
        )
        if report:
            writers["report.html"] = partial(_report, scenario, result, coverage, gaps)
    if scenario.shift_cover:
        writers["shift_cover.csv"] = partial(_csv, shift_cover_file_frame(scenario, result))
    return writers


def _report(
    scenario: Scenario, result: Result, coverage: pd.DataFrame, gaps: pd.DataFrame, path: Path
) -> None:
    from shiftplan.reports.html import render

    assert result.roster is not None
    summary = result_summary(scenario, result)
    write_plain(path, render(scenario, summary, csv_frame(result.roster.shifts), coverage, gaps))


def shift_cover_file_frame(scenario: Scenario, result: Result) -> pd.DataFrame:
    """shift_cover.csv: people required and scheduled per shift type and day, weekday beside."""
    assert result.roster is not None
    frame = shift_cover_frame(scenario, result.roster.shifts)
    frame.insert(1, "weekday", [day.strftime("%a") for day in frame["date"]])
    return frame.drop(columns=["under_weight", "over_weight"])


def result_summary(scenario: Scenario, result: Result) -> dict[str, Any]:
    """The contents of summary.json (without the run id and file list)."""
    summary: dict[str, Any] = {
        "scenario": scenario.name,
        # The report reloads the scenario for zones, leave and holiday names.
        "scenario_file": None if scenario.path is None else str(Path(scenario.path).resolve()),
        "report_timezone": scenario.file.report_timezone,
        "status": result.status,
        "interrupted": result.interrupted,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "runtime_seconds": round(result.runtime, 2),
        "explanation": result.explanation,
        "kpis": result.kpis,
    }
    if result.roster is not None and result.coverage is not None and scenario.queues:
        coverage = with_nobody_on(scenario, result)
        summary["headline"] = headline(
            scenario, coverage, float(result.kpis.get("paid_hours", 0.0))
        ).sentences()
        if scenario.requests:
            from shiftplan.reports.requests import denied_requests

            summary["requests_not_met"] = denied_requests(
                scenario, result.roster.to_csv_frame()
            ).to_dict(orient="records")
    return summary


def write_result(
    scenario: Scenario,
    result: Result,
    out: Path,
    run_id: str | None = None,
    extra: Mapping[str, Writer] | None = None,
    *,
    week: int = 1,
    report: bool = True,
) -> dict[str, Path]:
    """Write roster.csv, coverage.csv, gaps.csv, the plots, report.html and summary.json.

    The set is written into a fresh folder beside ``out`` and swapped in
    whole (:func:`shiftplan.output_set.write_output_set`): after any exit
    ``out`` holds the previous run's files or this run's, never a mix, and
    without a roster only summary.json. ``extra`` adds files to the set by
    name (exports, reports). Returns file name -> path.
    """
    run_id = run_id or new_run_id()
    return write_output_set(
        out,
        {**result_writers(scenario, result, run_id, week=week, report=report), **(extra or {})},
        run_id=run_id,
        summary=result_summary(scenario, result),
    )
