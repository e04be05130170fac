"""``shiftplan staffing``: required agents per interval and queue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import ScenarioArg, app, load_or_exit


@app.command()
def staffing(
    scenario: ScenarioArg,
    out: Annotated[Path | None, typer.Option(help="Write requirements CSV here.")] = None,
) -> None:
    """Required agents per UTC interval and queue, with the service they buy."""
    from shiftplan.reports.files import write_frame
    from shiftplan.reports.staffing import daily_summary, requirements_file_frame
    from shiftplan.staffing.requirements import requirements_frame

    loaded = load_or_exit(scenario)
    frame = requirements_frame(loaded)
    typer.echo(daily_summary(loaded, frame))
    if out is not None:
        write_frame(out, requirements_file_frame(frame))
        typer.echo(f"Wrote {out}")
