"""``shiftplan solve``: build the roster and write its files."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

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


def cp_sat_parameters(items: list[str]) -> dict[str, object]:
    """Parse name=value pairs into CP-SAT parameters with the right types."""
    from ortools.sat import sat_parameters_pb2

    fields = sat_parameters_pb2.SatParameters.DESCRIPTOR.fields_by_name
    parsed: dict[str, object] = {}
    for item in items:
        name, _, text = item.partition("=")
        field = fields.get(name.strip())
        if field is None or not text:
            typer.echo(
                f"--cp-sat: '{item}' is not name=value with a CP-SAT parameter name", err=True
            )
            raise typer.Exit(EXIT_BAD_INPUT)
        value: object = text.strip()
        try:
            if field.type == field.TYPE_BOOL:
                value = text.strip().lower() in ("1", "true", "yes")
            elif field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
                value = float(text)
            elif field.type in (field.TYPE_INT32, field.TYPE_INT64, field.TYPE_ENUM):
                value = int(text)
        except ValueError:
            typer.echo(f"--cp-sat: '{text}' is not a valid value for {name}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        parsed[name.strip()] = value
    return parsed


@app.command()
def solve(
    scenario: ScenarioArg,
    out: Annotated[Path, typer.Option(help="Folder for roster, coverage, gaps, summary.")] = Path(
        "out"
    ),
    time_limit: Annotated[float, typer.Option(help="Seconds of search.")] = 45.0,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    workers: Annotated[int, typer.Option(help="Search workers (0: all cores).")] = 0,
    objective: Annotated[str, typer.Option(help="late-contacts or shortfall.")] = "late-contacts",
    log: Annotated[bool, typer.Option(help="Show CP-SAT's own search log.")] = False,
    quiet: Annotated[bool, typer.Option(help="No live progress.")] = False,
    initial_roster: Annotated[
        Path | None, typer.Option(help="A roster.csv to start from (e.g. last run's).")
    ] = None,
    cp_sat: Annotated[
        list[str] | None,
        typer.Option("--cp-sat", help="CP-SAT parameter as name=value (repeatable)."),
    ] = None,
    deterministic_time: Annotated[
        float | None,
        typer.Option(
            help="Stop on CP-SAT deterministic time instead: the same roster "
            "on every run and machine."
        ),
    ] = None,
) -> None:
    """Build the roster and report the coverage gaps that remain."""
    from shiftplan.api import solve as solve_scenario
    from shiftplan.output_set import check_output_folder, new_run_id
    from shiftplan.reports.console import print_progress, solve_report
    from shiftplan.reports.files import write_result
    from shiftplan.solver import SolveParams, StopRequest

    started = time.perf_counter()
    loaded = load_or_exit(scenario)
    with input_errors():
        check_positive("--time-limit", time_limit)
        check_count("--workers", workers)
        check_count("--seed", seed, maximum=MAX_SEED)
        if deterministic_time is not None:
            check_positive("--deterministic-time", deterministic_time)
        # Before anything is computed: a solve must never end unable to write.
        check_output_folder(out)
    if objective not in ("late-contacts", "shortfall"):
        typer.echo(f"--objective: '{objective}' is not late-contacts or shortfall", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    params = SolveParams(
        # The limit bounds the whole command: reading the scenario counts.
        time_limit=max(1.0, time_limit - (time.perf_counter() - started)),
        workers=workers,
        seed=seed,
        log=log,
        progress=None if quiet else print_progress,
        parameters=cp_sat_parameters(cp_sat or []),
        deterministic_limit=deterministic_time,
    )
    if deterministic_time is not None:
        # The deterministic budget decides; the clock is only a safety net.
        params = replace(params, time_limit=max(time_limit, 3600.0))
    start = None
    if initial_roster is not None:
        import pandas as pd

        if not initial_roster.is_file():
            typer.echo(f"{initial_roster}: file not found (--initial-roster)", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        start = pd.read_csv(initial_roster)
        missing = {"agent_id", "start_utc", "end_utc"} - set(start.columns)
        if missing:
            typer.echo(
                f"{initial_roster}: missing column(s) {', '.join(sorted(missing))}", err=True
            )
            raise typer.Exit(EXIT_BAD_INPUT)
    step("solving")
    run_id = new_run_id()
    # Ctrl-C during the solve keeps the best roster so far, and during the
    # writing waits for the set to be complete.
    with StopRequest():
        result = solve_scenario(loaded, objective=objective, params=params, initial_roster=start)
        written = write_result(loaded, result, out, run_id)
    typer.echo(solve_report(loaded, result))
    typer.echo("Wrote " + ", ".join(str(path) for path in written.values()))
    if result.interrupted:
        typer.echo("Interrupted by Ctrl-C: the files hold the best roster found until then.")
        RUN.interruption_reported = True
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.status == "INFEASIBLE":
        raise typer.Exit(EXIT_RULES_INFEASIBLE)
    if not result.has_roster:
        raise typer.Exit(EXIT_NO_ROSTER)
