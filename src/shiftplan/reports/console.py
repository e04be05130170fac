"""Readable terminal output for people: progress, status, KPIs, worst gaps."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.log import logger
from shiftplan.reports.gaps import gap_windows, nobody_on
from shiftplan.reports.headline import headline
from shiftplan.reports.requests import denied_requests
from shiftplan.reports.words import hours, quality_text, window_text
from shiftplan.result import Result
from shiftplan.scenario.models import Scenario
from shiftplan.scoring.cover import shift_cover_frame
from shiftplan.status import Progress


def print_progress(progress: Progress) -> None:
    """One line per improving roster to the package logger: elapsed, best, bound, gap.

    The command line shows these on stderr (:func:`shiftplan.log.log_to_stderr`).
    """
    if progress.objective is None and progress.bound is not None:
        line = f"  {progress.elapsed:7.1f} s  {'':18}  bound {progress.bound:12.2f}  (proven)"
    elif progress.objective is None or progress.bound is None or progress.gap is None:
        line = f"  {progress.elapsed:7.1f} s  roster ready ({progress.source})"
    else:
        line = (
            f"  {progress.elapsed:7.1f} s  best {progress.objective:12.2f}  "
            f"bound {progress.bound:12.2f}  gap {progress.gap:7.2%}"
        )
    logger.info(line)


def solve_report(scenario: Scenario, result: Result, worst: int = 10) -> str:
    """The roster in manager words: headline, nobody-online windows, largest gaps, solver."""
    if result.roster is None or result.coverage is None:
        return result.summary()
    if not scenario.queues:
        # Shift cover only: no interval demand, so no headline of agent-hours.
        lines = [result.summary()]
        if scenario.shift_cover:
            lines += ["", *shift_cover_lines(scenario, result, worst)]
        return "\n".join(lines)
    shifts = result.roster.shifts
    coverage = result.coverage
    if "nobody_on" not in coverage.columns:
        coverage = coverage.assign(nobody_on=nobody_on(scenario, shifts, coverage).to_numpy())
    head = headline(scenario, coverage, float(result.kpis.get("paid_hours", 0.0)))
    zone = scenario.report_zone
    interrupted = (
        " (interrupted by Ctrl-C: the best found until then)" if result.interrupted else ""
    )
    lines = [
        f"Roster for {scenario.name}{interrupted}: {len(shifts):,} shifts, "
        f"{quality_text(result.status, result.gap)}.",
        *head.sentences(),
    ]
    gaps = gap_windows(scenario, shifts, coverage)
    empty = gaps[gaps["nobody_on"]]
    where = f"times in {scenario.file.report_timezone} and UTC"
    if len(empty):
        lines += ["", f"Nobody online: {len(empty)} windows ({where}):"]
        lines += [_gap_line(row, zone) for _, row in empty.head(worst).iterrows()]
        if len(empty) > worst:
            lines.append(f"  ... and {len(empty) - worst} more in gaps.csv")
    rest = gaps[~gaps["nobody_on"]]
    if len(rest):
        lines += ["", f"Largest other gaps, of {len(rest)} ({where}):"]
        lines += [_gap_line(row, zone) for _, row in rest.head(worst).iterrows()]
    if gaps.empty:
        lines += ["", "No coverage gaps: every interval meets its requirement."]
    denied = denied_requests(scenario, result.roster.to_csv_frame())
    if len(denied):
        lines += ["", f"Requests not met: {len(denied)} of {len(scenario.requests)}:"]
        lines += [
            f"  {row.agent_name} ({row.agent_id}) {row.date}: {row.wish} "
            f"(weight {row.weight:g}); {row.reason}"
            for row in denied.itertuples()
        ]
    if scenario.shift_cover:
        lines += ["", *shift_cover_lines(scenario, result, worst)]
    parts = [
        f"{term.replace('_', ' ')} {points:,.1f}"
        for term, points in result.kpis["objective_by_term"].items()
    ]
    lines += [
        "",
        f"Solver: status {result.status}, objective {result.objective or 0:,.1f}"
        + ("" if result.bound is None else f", bound {result.bound:,.1f}")
        + f", {result.runtime:.1f} s; cost by term: "
        + ", ".join(parts),
    ]
    return "\n".join(lines)


def _gap_line(row: pd.Series, zone: ZoneInfo) -> str:
    cause = str(row["causes"]).split("; ")[0] if row["causes"] else "no cause found"
    return (
        f"  {row['queue']:<8} {window_text(row['start_utc'], row['end_utc'], zone)}  "
        f"short by up to {row['worst_shortfall']} agent(s), {hours(row['agent_hours_short'])} "
        f"agent-hours; cause: {cause}"
    )


def shift_cover_lines(scenario: Scenario, result: Result, worst: int = 10) -> list[str]:
    """People short and extra against the shift-cover demand, the worst days first."""
    assert result.roster is not None
    frame = shift_cover_frame(scenario, result.roster.shifts)
    short = frame[frame["short"] > 0].sort_values(["short", "date"], ascending=[False, True])
    lines = [
        f"Shift cover: short by {int(frame['short'].sum())} people over {len(short)} shifts, "
        f"{int(frame['extra'].sum())} people above the head-count."
    ]
    for row in short.head(worst).itertuples(index=False):
        lines.append(
            f"  {row.date:%a %Y-%m-%d} {row.shift_type}: {row.scheduled} on, "
            f"{row.required} wanted (short by {row.short})"
        )
    return lines
