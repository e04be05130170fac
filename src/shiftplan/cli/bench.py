"""``shiftplan bench``: the engine against published benchmark instances."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import EXIT_BAD_INPUT, app, input_errors

bench_app = typer.Typer(
    help="Measure the engine against published benchmark instances.", no_args_is_help=True
)
app.add_typer(bench_app, name="bench")


@bench_app.command()
def curtois(
    folder: Annotated[
        Path, typer.Argument(help="Folder of Instance1.txt ... Instance24.txt (best_known.csv).")
    ],
    instances: Annotated[str, typer.Option(help="Instance numbers, e.g. 1-10 or 1,3,5.")] = "1-24",
    time_limit: Annotated[float, typer.Option(help="Seconds per instance.")] = 60.0,
    workers: Annotated[int, typer.Option(help="Search workers (0: all cores).")] = 0,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    out: Annotated[Path | None, typer.Option(help="Write the table as CSV here.")] = None,
    solutions: Annotated[
        Path | None, typer.Option(help="Write each solution as DIR/InstanceN.csv here.")
    ] = None,
) -> None:
    """Solve Curtois & Qu instances and compare with the best known values.

    Each solution is scored by the benchmark's own definition and checked
    against the instance's hard rules, both from the instance data alone.
    Download the instances from https://www.schedulingbenchmarks.org/nrp/.
    """
    from shiftplan.bench.curtois import run_benchmark
    from shiftplan.bench.curtois.run import (
        BenchInterrupted,
        BenchRow,
        instance_numbers,
        write_table,
    )
    from shiftplan.bench.curtois.table import header_lines, row_line, summary_lines

    if not folder.is_dir():
        typer.echo(f"{folder}: no such folder of instances", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    with input_errors():
        numbers = instance_numbers(instances)
    typer.echo(
        f"Curtois & Qu instances {instances}: {time_limit:g} s each, seed {seed}, "
        f"workers {workers or 'all cores'}"
    )
    for line in header_lines():
        typer.echo(line)

    def show(row: BenchRow) -> None:
        typer.echo(row_line(row))
        for problem in row.problems[:5]:
            typer.echo(f"    breaks: {problem}")

    with input_errors():
        try:
            rows = run_benchmark(
                folder,
                numbers,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                solutions=solutions,
                on_row=show,
            )
        except BenchInterrupted as stopped:
            rows = stopped.rows
            typer.echo(f"Stopped by Ctrl-C: the table holds the {len(rows)} instance(s) done.")
    for line in summary_lines(rows):
        typer.echo(line)
    if out is not None:
        write_table(out, rows)
        typer.echo(f"Wrote {out}")
    if solutions is not None:
        typer.echo(f"Wrote solutions to {solutions}/")
