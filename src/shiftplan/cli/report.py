"""``shiftplan report``: the HTML report of a solve's output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import app, input_errors, load_or_exit


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="The --out folder of `shiftplan solve`.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write (default OUT_DIR/report.html).")
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(help="The scenario solved (default: the one summary.json names)."),
    ] = None,
) -> None:
    """Write one self-contained HTML report: headline, plots, gaps and causes, agents."""
    import matplotlib

    # The command line draws to files only; a notebook keeps its own backend.
    matplotlib.use("Agg")
    from shiftplan.atomic import write_text
    from shiftplan.reports.html import REPORT_NAME, build_report

    loaded = load_or_exit(scenario) if scenario is not None else None
    target = out or out_dir / REPORT_NAME
    with input_errors():
        page = build_report(out_dir, loaded)
    write_text(target, page)
    typer.echo(f"Wrote {target}")
