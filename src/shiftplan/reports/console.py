"""Readable terminal output for people: progress, status, KPIs, worst gaps."""

from __future__ import annotations

import pandas as pd

from shiftplan.cover import shift_cover_frame
from shiftplan.log import logger
from shiftplan.reports.gaps import gap_windows
from shiftplan.result import Result
from shiftplan.scenario.models import Scenario
from shiftplan.scoring import on_shift
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


def solve_report(scenario: Scenario, result: Result, worst: int = 10) -> str:
    """Status, KPIs per queue and the worst gap windows, in UTC and report time."""
    lines = [result.summary()]
    if result.roster is None or result.coverage is None:
        return "\n".join(lines)
    parts = [
        f"{term.replace('_', ' ')} {points:.2f}"
        for term, points in result.kpis["objective_by_term"].items()
    ]
    lines.append("objective by term: " + ", ".join(parts))
    if scenario.shift_cover:
        lines += ["", *shift_cover_lines(scenario, result, worst)]
    if not scenario.queues:
        return "\n".join(lines)
    queues = pd.DataFrame(result.kpis["queues"]).T
    lines += ["", "Per queue:", queues.to_string()]
    gaps = gap_windows(
        result.coverage,
        on_shift(scenario, result.roster.shifts),
        scenario.horizon.interval_minutes,
        scenario.report_zone,
    )
    if gaps.empty:
        lines += ["", "No coverage gaps: every interval meets its requirement."]
        return "\n".join(lines)
    lines += [
        "",
        f"{len(gaps)} gap windows; the {min(worst, len(gaps))} largest "
        f"(times in UTC and {scenario.file.report_timezone}):",
    ]
    table = gaps.head(worst).loc[
        :,
        [
            "queue",
            "start_utc",
            "end_utc",
            "start_report",
            "end_report",
            "worst_shortfall",
            "agent_hours_short",
            "late_contacts",
            "nobody_on",
        ],
    ]
    lines.append(table.to_string(index=False))
    return "\n".join(lines)
