"""Write result files atomically: a reader never sees half a file, nor a mixed set."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from shiftplan.atomic import replacing, write_text
from shiftplan.cover import shift_cover_frame
from shiftplan.output_set import Writer, new_run_id, write_output_set
from shiftplan.output_set import write_text as write_plain
from shiftplan.reports.gaps import gap_windows
from shiftplan.result import Result
from shiftplan.roster_io import FORMULA_STARTS, csv_frame
from shiftplan.scenario.models import Scenario
from shiftplan.scoring import on_shift


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, keeping the user's file mode."""
    write_text(path, text)


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
        write_atomic(path, csv_text(frame))
    else:
        write_atomic(path, frame.to_csv(index=False, lineterminator="\n"))


def write_plot(
    path: Path, scenario: Scenario, coverage: pd.DataFrame, run_id: str | None = None
) -> None:
    """Save the scheduled-vs-required chart of the first week (run id in its metadata)."""
    import matplotlib.pyplot as plt

    from shiftplan.plotting import plot_coverage

    figure = plot_coverage(scenario, coverage)
    try:
        with replacing(path) as temporary:
            metadata = {"run_id": run_id} if run_id else None
            figure.savefig(temporary, dpi=90, format="png", metadata=metadata)
    finally:
        plt.close(figure)


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
    ]
    return frame.loc[:, columns].round(4)


def result_writers(
    scenario: Scenario, result: Result, run_id: str | None = None
) -> dict[str, Writer]:
    """File name -> writer for each file of a solve's set (summary.json aside).

    A feature that adds a file to the set adds it here, by name.
    """
    if result.roster is None or result.coverage is None:
        return {}
    gaps = gap_windows(
        result.coverage,
        on_shift(scenario, result.roster.shifts),
        scenario.horizon.interval_minutes,
        scenario.report_zone,
    )
    writers: dict[str, Writer] = {
        "roster.csv": partial(_roster_csv, result.roster.shifts),
        "coverage.csv": partial(_csv, coverage_file_frame(result.coverage)),
        "gaps.csv": partial(_csv, gaps),
    }
    if scenario.queues:
        # Without queues there is no interval demand to chart.
        writers["coverage.png"] = partial(
            write_plot, scenario=scenario, coverage=result.coverage, run_id=run_id
        )
    if scenario.shift_cover:
        writers["shift_cover.csv"] = partial(_csv, shift_cover_file_frame(scenario, result))
    return writers


def shift_cover_file_frame(scenario: Scenario, result: Result) -> pd.DataFrame:
    """shift_cover.csv: people required and scheduled per shift type and day, weekday beside."""
    assert result.roster is not None
    frame = shift_cover_frame(scenario, result.roster.shifts)
    frame.insert(1, "weekday", [day.strftime("%a") for day in frame["date"]])
    return frame.drop(columns=["under_weight", "over_weight"])


def result_summary(scenario: Scenario, result: Result) -> dict[str, Any]:
    """The contents of summary.json (without the run id and file list)."""
    return {
        "scenario": scenario.name,
        "scenario_file": None if scenario.path is None else str(Path(scenario.path).resolve()),
        "status": result.status,
        "interrupted": result.interrupted,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "runtime_seconds": round(result.runtime, 2),
        "explanation": result.explanation,
        "kpis": result.kpis,
    }


def write_result(
    scenario: Scenario,
    result: Result,
    out: Path,
    run_id: str | None = None,
    extra: Mapping[str, Writer] | None = None,
) -> dict[str, Path]:
    """Write roster.csv, coverage.csv, gaps.csv, coverage.png and summary.json as ``out``.

    The set is written into a fresh folder beside ``out`` and swapped in
    whole (:func:`shiftplan.output_set.write_output_set`): after any exit
    ``out`` holds the previous run's files or this run's, never a mix, and
    without a roster only summary.json. ``extra`` adds files to the set by
    name (exports, reports). Returns file name -> path.
    """
    run_id = run_id or new_run_id()
    return write_output_set(
        out,
        {**result_writers(scenario, result, run_id), **(extra or {})},
        run_id=run_id,
        summary=result_summary(scenario, result),
    )
