"""``shiftplan staffing``: required agents per interval and queue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import ScenarioArg, app, input_errors, load_or_exit, step


@app.command()
def staffing(
    scenario: ScenarioArg,
    out: Annotated[Path | None, typer.Option(help="Write requirements CSV here.")] = None,
) -> None:
    """Required agents per UTC interval and queue, with the service they buy."""
    from shiftplan.output_set import check_output_file
    from shiftplan.reports.files import write_frame
    from shiftplan.reports.staffing import daily_summary, requirements_file_frame
    from shiftplan.staffing.requirements import requirements_frame

    loaded = load_or_exit(scenario)
    if out is not None:
        with input_errors():
            check_output_file(out)
    step("computing staffing")
    frame = requirements_frame(loaded)
    typer.echo(daily_summary(loaded, frame))
    if out is not None:
        step(f"writing {out}")
        write_frame(out, requirements_file_frame(frame))
        typer.echo(f"Wrote {out}")
