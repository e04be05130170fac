"""``shiftplan export``: publish a solve's roster as a workbook, calendars or a flat CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import app, input_errors, load_or_exit


@app.command()
def export(
    out_dir: Annotated[
        Path, typer.Argument(help="A solve's output folder (roster.csv, coverage.csv, ...).")
    ],
    format: Annotated[
        str, typer.Option("--format", help="xlsx, ics or csv; several as xlsx,ics,csv.")
    ] = "xlsx",
    out: Annotated[
        Path | None, typer.Option(help="Folder to write into (default: OUT_DIR itself).")
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(help="The scenario YAML (default: the one summary.json names)."),
    ] = None,
) -> None:
    """Write roster.xlsx, calendars/<agent>.ics or roster_days.csv from a solve's output."""
    from shiftplan.export import export_folder, scenario_of

    with input_errors():
        loaded = load_or_exit(scenario if scenario is not None else scenario_of(out_dir))
        written = export_folder(out_dir, format, scenario=loaded, dest=out)
    typer.echo("Wrote " + ", ".join(str(path) for path in written.values()))
