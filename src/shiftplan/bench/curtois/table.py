"""The results table as people read it: one line per instance, then averages."""

from __future__ import annotations

from statistics import mean

from shiftplan.bench.curtois.run import BenchRow

HEADER = (
    ("instance", 10),
    ("employees", 9),
    ("days", 4),
    ("status", 10),
    ("objective", 9),
    ("bound", 9),
    ("best known", 10),
    ("gap to best known", 17),
    ("time to best", 12),
    ("hard rules", 12),
)


def _whole(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def header_lines() -> list[str]:
    """The table's header and its rule."""
    line = "  ".join(name.rjust(width) for name, width in HEADER)
    return [line, "-" * len(line)]


def row_line(row: BenchRow) -> str:
    """One instance's line."""
    rules = "kept" if row.hard_rules_broken == 0 else f"{row.hard_rules_broken} broken"
    if row.objective is None:
        rules = "-"
    cells = (
        row.instance,
        str(row.employees),
        str(row.days),
        row.status,
        _whole(row.objective),
        _whole(row.bound),
        _whole(row.best_known),
        _percent(row.gap_to_best_known_pct),
        _seconds(row.time_to_best_s),
        rules,
    )
    return "  ".join(cell.rjust(width) for cell, (_, width) in zip(cells, HEADER, strict=True))


def summary_lines(rows: list[BenchRow]) -> list[str]:
    """Averages over the instances: gap to best known, time to best, how many at it."""
    gaps = [row.gap_to_best_known_pct for row in rows if row.gap_to_best_known_pct is not None]
    times = [row.time_to_best_s for row in rows if row.time_to_best_s is not None]
    at_best = sum(
        1 for row in rows if row.objective is not None and row.objective == row.best_known
    )
    proven = sum(1 for row in rows if row.status == "OPTIMAL")
    solved = sum(1 for row in rows if row.objective is not None)
    kept = sum(1 for row in rows if row.objective is not None and row.hard_rules_broken == 0)
    return [
        f"average gap to best known: {_percent(mean(gaps) if gaps else None)} "
        f"over {len(gaps)} instance(s); average time to best: "
        f"{_seconds(mean(times) if times else None)}",
        f"at the best-known value: {at_best} of {len(rows)}; proven optimal: {proven}; "
        f"solutions keeping every hard rule: {kept} of {solved}",
    ]
