"""``shiftplan solve``: build the roster and write its files."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from shiftplan.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_NO_ROSTER,
    EXIT_RULES_INFEASIBLE,
    MAX_SEED,
    RUN,
    ScenarioArg,
    app,
    check_count,
    check_positive,
    input_errors,
    load_or_exit,
    step,
)
from shiftplan.errors import ShiftplanError
from shiftplan.scenario.models import Scenario
from shiftplan.status import SolveStatus


def _export_one(
    export_roster: Callable[..., object],
    scenario: Scenario,
    shifts: pd.DataFrame,
    kind: str,
    coverage: pd.DataFrame | None,
    path: Path,
) -> None:
    """Write one export format at ``path`` (inside the run's staging folder)."""
    export_roster(scenario, shifts, path.parent, [kind], coverage=coverage)


#: Seconds per agent to write one export format, on an idle 2-core machine
#: (benchmarks/bench_export.py: 500 agents x 28 days in 1.1 s xlsx, 3.4 s ics, 0.5 s csv).
EXPORT_SECONDS_PER_AGENT = {"xlsx": 0.0025, "ics": 0.007, "csv": 0.001}


def writing_seconds(agents: int, *, report: bool, exports: Sequence[str] = ()) -> float:
    """Seconds kept at the end of the time limit to write the results.

    Drawing the charts costs the same for 40 agents as for 500, so most of
    it is a constant. On an idle 2-core machine the bundled example (40
    agents) spends 5-7 s after the solver on its files and report (the
    command ran 45 s past a 20 s limit by 1.8 s, and 49 s for 45 s, when
    this kept 3.3 s); at load 4 it took 3.4 s for its files and 7.5 s more
    for its report, 500 agents x 28 days 5 s and 8.3 s; 5,000 agents took
    10.8 s for the files alone at load 5. The estimate is for an idle
    machine, scaled by how busy the machine is when the command starts.
    Python's own exit (the modules' teardown) comes after the files, and took
    0.46-0.57 s for the example and 500 agents; with Numba's compiled day
    programs loaded (LLVM tears down too) it takes 0.8-1.0 s: a second is
    kept for it.
    """
    seconds = 3.0 + 0.001 * agents
    if report:
        seconds += 4.5 + 0.001 * agents
    for kind in exports:
        seconds += 0.2 + EXPORT_SECONDS_PER_AGENT.get(kind, 0.007) * agents
    return seconds * machine_slowdown()


def machine_slowdown() -> float:
    """How much slower than on an idle machine one thread runs now (1 to 4).

    Processes ready to run beyond the cores (the load average) share them
    with the writing, which runs in one thread; measured, the example's
    writing took 1.7 times as long at load 4 on 2 cores as idle.
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every system
        return 1.0
    cores = os.cpu_count() or 1
    return min(4.0, 1.0 + max(0.0, load + 1.0 - cores) / (2 * cores))


def _date_option(name: str, text: str | None) -> date | None:
    """A YYYY-MM-DD option as a date, or exit 2 naming it."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        typer.echo(f"{name}: '{text}' is not a YYYY-MM-DD date", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@contextmanager
def stdout_to_stderr(*, enabled: bool) -> Iterator[None]:
    """Send what is written to file descriptor 1 to 2 (CP-SAT logs from C++ to stdout).

    The report on stdout stays clean for pipes and files; the log is still seen.
    """
    if not enabled:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


@app.command()
def solve(
    scenario: ScenarioArg,
    out: Annotated[Path, typer.Option(help="Folder for roster, coverage, gaps, summary.")] = Path(
        "out"
    ),
    time_limit: Annotated[float, typer.Option(help="Seconds of search.")] = 45.0,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    workers: Annotated[
        int, typer.Option(help="Search workers (0: 8 or all cores, more; 8 when deterministic).")
    ] = 0,
    objective: Annotated[str, typer.Option(help="late-contacts or shortfall.")] = "late-contacts",
    log: Annotated[
        bool,
        typer.Option(
            help="Show CP-SAT's own search log, and why each phase of the engine ended (on stderr)."
        ),
    ] = False,
    week: Annotated[int, typer.Option(help="Week of the cycle coverage.png shows.")] = 1,
    report: Annotated[bool, typer.Option(help="Also write report.html.")] = True,
    quiet: Annotated[bool, typer.Option(help="No live progress.")] = False,
    initial_roster: Annotated[
        Path | None, typer.Option(help="A roster.csv or .xlsx to start from (e.g. last run's).")
    ] = None,
    lock: Annotated[
        Path | None,
        typer.Option(help="Keep every shift of this roster.csv or .xlsx exactly; roster the rest."),
    ] = None,
    lock_until: Annotated[
        str | None,
        typer.Option(help="With --lock: lock only the local days before this YYYY-MM-DD."),
    ] = None,
    export: Annotated[
        str | None,
        typer.Option("--export", help="Also write xlsx, ics and/or csv (e.g. xlsx,ics)."),
    ] = None,
    cp_sat: Annotated[
        list[str] | None,
        typer.Option("--cp-sat", help="CP-SAT parameter as name=value (repeatable)."),
    ] = None,
    deterministic_time: Annotated[
        float | None,
        typer.Option(
            metavar="T",
            help="Stop after T CP-SAT work units (deterministic time, not seconds) "
            "instead of the clock, with 8 interleaved workers: the same roster on "
            "every run and machine.",
        ),
    ] = None,
) -> None:
    """Build the roster and report the coverage gaps that remain."""
    import matplotlib

    from shiftplan.api import solve as solve_scenario
    from shiftplan.export import FILE_NAMES, export_roster, parse_formats
    from shiftplan.locks import locked_shifts
    from shiftplan.log import log_to_stderr
    from shiftplan.output_set import check_output_folder, new_run_id
    from shiftplan.reports.console import print_progress, solve_report
    from shiftplan.reports.files import write_result
    from shiftplan.roster_io import read_roster
    from shiftplan.solver import (
        SolveParams,
        StopRequest,
        cp_sat_parameters,
        deterministic,
        worker_count,
    )

    # The command line draws to files only; a notebook keeps its own backend.
    matplotlib.use("Agg")
    # The limit bounds the whole command, from the start of the process.
    started = RUN.process_started if RUN.process_started is not None else time.perf_counter()
    loaded = load_or_exit(scenario)
    with input_errors():
        check_positive("--time-limit", time_limit)
        check_count("--workers", workers)
        check_count("--seed", seed, maximum=MAX_SEED)
        if deterministic_time is not None:
            check_positive("--deterministic-time", deterministic_time)
    # --log also shows the engine's debug records (why column generation
    # stopped, for one), beside CP-SAT's log.
    log_to_stderr(logging.DEBUG if log else logging.INFO)
    weeks = -(-loaded.horizon.days // 7)
    if not 1 <= week <= weeks:
        typer.echo(f"--week: {week} is outside the cycle; choose 1 to {weeks}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if objective not in ("late-contacts", "shortfall"):
        typer.echo(f"--objective: '{objective}' is not late-contacts or shortfall", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        parameters = cp_sat_parameters(cp_sat or [])
    except ShiftplanError as error:
        typer.echo(f"--cp-sat: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    with input_errors():
        # Before anything is computed: a solve must never end unable to write.
        check_output_folder(out)
        formats = parse_formats(export) if export is not None else []
    writing = writing_seconds(len(loaded.agents), report=report, exports=formats)
    params = SolveParams(
        # The limit bounds the whole command: reading the scenario counts,
        # and writing the results must fit in it too.
        time_limit=max(1.0, time_limit - (time.perf_counter() - started) - writing),
        workers=workers,
        seed=seed,
        log=log,
        progress=None if quiet else print_progress,
        parameters=parameters,
    )
    if deterministic_time is not None:
        params = deterministic(params, deterministic_time)
        typer.echo(
            f"Deterministic: {deterministic_time:g} CP-SAT work units (not seconds), "
            f"{worker_count(params)} interleaved workers, seed {seed}",
            err=True,
        )
    start = None
    with input_errors():
        if initial_roster is not None:
            start = read_roster(initial_roster, loaded)
        if lock_until is not None and lock is None:
            typer.echo("--lock-until needs --lock FILE", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        if lock is not None:
            until = _date_option("--lock-until", lock_until)
            params = replace(params, locked=locked_shifts(loaded, lock, until), lock_until=until)
        step("solving")
        run_id = new_run_id()
        # Ctrl-C during the solve keeps the best roster so far, and during the
        # writing waits for the set to be complete.
        with StopRequest():
            with stdout_to_stderr(enabled=log):
                result = solve_scenario(
                    loaded, objective=objective, params=params, initial_roster=start
                )
            exports = {}
            if export is not None and result.roster is not None:
                # Exports belong to the run's set: written and swapped in with it.
                shifts, coverage = result.roster.shifts, result.coverage
                for kind in formats:
                    exports[FILE_NAMES[kind]] = partial(
                        _export_one, export_roster, loaded, shifts, kind, coverage
                    )
            step(f"writing the results to {out}")
            written = write_result(
                loaded, result, out, run_id, extra=exports, week=week, report=report
            )
    typer.echo(solve_report(loaded, result))
    typer.echo("Wrote " + ", ".join(str(path) for path in written.values()))
    if result.interrupted:
        typer.echo("Interrupted by Ctrl-C: the files hold the best roster found until then.")
        RUN.interruption_reported = True
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.status == SolveStatus.INFEASIBLE:
        raise typer.Exit(EXIT_RULES_INFEASIBLE)
    if not result.has_roster:
        raise typer.Exit(EXIT_NO_ROSTER)
