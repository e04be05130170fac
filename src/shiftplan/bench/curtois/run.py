"""Solve benchmark instances with the engine and compare with the best known values."""

from __future__ import annotations

import csv
import logging
import math
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from shiftplan.bench.curtois.check import check_solution
from shiftplan.bench.curtois.evaluate import Assignment, penalty
from shiftplan.bench.curtois.reader import (
    CurtoisInstance,
    InstanceError,
    read_best_known,
    read_instance,
)
from shiftplan.bench.curtois.translate import day_of, to_scenario
from shiftplan.scoring.cover import shift_types_worked
from shiftplan.solver import Progress, SolveParams

logger = logging.getLogger(__name__)

COLUMNS = (
    "instance",
    "employees",
    "days",
    "status",
    "objective",
    "bound",
    "best_known",
    "gap_to_best_known_pct",
    "time_to_best_s",
    "runtime_s",
    "hard_rules_broken",
)
"""Columns of the results table and its CSV."""


@dataclass(frozen=True)
class BenchRow:
    """One instance's result.

    Attributes
    ----------
    objective
        The benchmark's penalty of our solution, recomputed from the solution
        alone (:func:`~shiftplan.bench.curtois.penalty`); None without one.
    bound
        The lower bound the engine proved (None: none proved).
    gap_to_best_known_pct
        ``100 * (objective - best_known) / best_known``.
    time_to_best_s
        Seconds from the start of the solve to the roster returned.
    hard_rules_broken
        Rules of the instance the solution breaks, by the independent check.
    """

    instance: str
    employees: int
    days: int
    status: str
    objective: int | None
    bound: int | None
    best_known: int | None
    gap_to_best_known_pct: float | None
    time_to_best_s: float | None
    runtime_s: float
    hard_rules_broken: int
    problems: tuple[str, ...] = field(default=(), repr=False)
    interrupted: bool = field(default=False, repr=False)

    def as_record(self) -> dict[str, object]:
        """The row as the CSV writes it (no problems list, no Ctrl-C flag)."""
        record = asdict(self)
        record.pop("problems")
        record.pop("interrupted")
        return record


def instance_numbers(text: str) -> list[int]:
    """'1-10', '1,3,5-7' or '12' as instance numbers.

    Raises
    ------
    InstanceError
        When the text is not such a list.
    """
    numbers: list[int] = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            msg = f"--instances '{text}': write numbers and ranges, e.g. 1-10 or 1,3,5-7"
            raise InstanceError(msg)
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            msg = f"--instances '{text}': range {first}-{last} runs backwards"
            raise InstanceError(msg)
        numbers.extend(range(first, last + 1))
    return list(dict.fromkeys(numbers))


def solve_instance(
    instance: CurtoisInstance,
    *,
    time_limit: float = 60.0,
    workers: int = 0,
    seed: int = 0,
    best_known: int | None = None,
) -> tuple[BenchRow, list[Assignment]]:
    """Solve one instance through the ordinary engine and score it independently.

    The instance becomes a scenario (:func:`~shiftplan.bench.curtois.to_scenario`)
    and goes through :func:`shiftplan.solve` unchanged; the roster is read back
    as ``(employee, day, shift)`` rows, scored by the benchmark's definition and
    checked against the instance's hard rules, neither through the engine.
    """
    from shiftplan.api import solve

    scenario = to_scenario(instance)
    best_at: list[float] = []

    def improved(progress: Progress) -> None:
        # Every report but a bound is a better roster: the first rule-keeping
        # one, the descent's, then each of CP-SAT's.
        if progress.source != "bound":
            best_at.append(progress.elapsed)

    started = time.perf_counter()
    result = solve(
        scenario,
        params=SolveParams(time_limit=time_limit, workers=workers, seed=seed, progress=improved),
    )
    runtime = time.perf_counter() - started
    solution: list[Assignment] = []
    if result.roster is not None:
        worked = shift_types_worked(scenario, result.roster.shifts)
        solution = sorted(
            (employee, day_of(local_date), shift)
            for (employee, local_date), shift in worked.items()
        )
    objective = penalty(instance, solution) if result.roster is not None else None
    engine = None if result.objective is None else round(result.objective)
    if objective is not None and engine is not None and engine != objective:
        logger.warning(
            "%s: the engine scores %s, the benchmark's definition %s",
            instance.name,
            engine,
            objective,
        )
    problems = tuple(check_solution(instance, solution)) if result.roster is not None else ()
    bound = None if result.bound is None else math.ceil(result.bound - 1e-6)
    gap = None
    if objective is not None and best_known:
        gap = 100 * (objective - best_known) / best_known
    row = BenchRow(
        instance=instance.name,
        employees=len(instance.staff),
        days=instance.days,
        status=result.status,
        objective=objective,
        bound=bound,
        best_known=best_known,
        gap_to_best_known_pct=gap,
        time_to_best_s=best_at[-1] if best_at and objective is not None else None,
        runtime_s=runtime,
        hard_rules_broken=len(problems),
        problems=problems,
        interrupted=result.interrupted,
    )
    return row, solution


def run_benchmark(
    folder: str | Path,
    instances: Iterable[int] = range(1, 25),
    *,
    time_limit: float = 60.0,
    workers: int = 0,
    seed: int = 0,
    solutions: str | Path | None = None,
    on_row: Callable[[BenchRow], None] | None = None,
) -> list[BenchRow]:
    """Solve ``InstanceN.txt`` for each N in ``instances`` from ``folder``.

    Parameters
    ----------
    folder
        Where the instance files are (and ``best_known.csv``, if there is one).
    solutions
        A folder to write each solution to as ``InstanceN.csv``
        (``employee,day,shift``, the instance's own ids, day from 0).
    on_row
        Called with each instance's row as soon as it is done.
    """
    folder = Path(folder)
    best = read_best_known(folder)
    paths = []
    for number in instances:
        path = folder / f"Instance{number}.txt"
        if not path.is_file():
            msg = f"{path}: no such instance file (download instances1_24.zip, see the README)"
            raise InstanceError(msg)
        paths.append(path)
    rows: list[BenchRow] = []
    try:
        for path in paths:
            instance = read_instance(path)
            known = best.get(instance.name)
            row, solution = solve_instance(
                instance,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                best_known=known[0] if known else None,
            )
            if solutions is not None and row.objective is not None:
                write_solution(Path(solutions) / f"{instance.name}.csv", solution)
            rows.append(row)
            if on_row is not None:
                on_row(row)
            # Ctrl-C ends the solve with the roster it has; that instance is
            # scored and checked as usual, and the run stops there.
            if row.interrupted:
                raise BenchInterrupted(rows)
    except KeyboardInterrupt:
        raise BenchInterrupted(rows) from None
    return rows


class BenchInterrupted(Exception):  # noqa: N818 (it is how a run ends, not an error)
    """Ctrl-C ended the run; ``rows`` holds the instances finished before it."""

    def __init__(self, rows: list[BenchRow]) -> None:
        super().__init__("stopped by Ctrl-C")
        self.rows = rows


def write_solution(path: Path, solution: list[Assignment]) -> None:
    """``employee,day,shift`` rows, written to a temporary file and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee", "day", "shift"])
        writer.writerows(solution)
    partial.replace(path)


def read_solution(path: str | Path) -> list[Assignment]:
    """A solution CSV as written by :func:`write_solution`."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return [(r["employee"], int(r["day"]), r["shift"]) for r in csv.DictReader(handle)]


def write_table(path: Path, rows: list[BenchRow]) -> None:
    """The results table as CSV (same columns as printed), via a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            record = row.as_record()
            for key in ("gap_to_best_known_pct", "time_to_best_s", "runtime_s"):
                value = record[key]
                record[key] = "" if value is None else f"{float(str(value)):.2f}"
            writer.writerow({key: "" if value is None else value for key, value in record.items()})
    partial.replace(path)
