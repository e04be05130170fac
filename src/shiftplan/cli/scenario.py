"""``shiftplan validate``, ``schema`` and ``init``: the scenario itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_ROSTER_BREAKS_RULES,
    ScenarioArg,
    app,
    input_errors,
    load_or_exit,
)


@app.command()
def validate(
    scenario: ScenarioArg,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            exists=True,
            dir_okay=False,
            help="Also check this roster.csv or roster.xlsx (e.g. edited by hand) against "
            "every hard rule; local times decide.",
        ),
    ] = None,
) -> None:
    """Check a scenario and print a summary of it, or every problem found."""
    from shiftplan.scenario.summary import describe
    from shiftplan.validate import validate_roster

    loaded = load_or_exit(scenario)
    if roster is None:
        typer.echo(describe(loaded))
        return
    from shiftplan.roster_io import RosterError, read_roster

    notes: list[str] = []
    try:
        frame = read_roster(roster, loaded, notes=notes)
        violations = validate_roster(loaded, frame)
    except RosterError as error:
        typer.echo(f"{roster}: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    for note in notes:
        typer.echo(f"note: {note}")
    if not violations:
        typer.echo(f"{roster}: every shift keeps every hard rule of {scenario}.")
        return
    typer.echo(f"{roster}: {len(violations)} broken hard rule(s):")
    for violation in violations:
        agent = violation.agent_id or "(no agent_id)"
        typer.echo(f"  {agent}  {violation.rule}: {violation.detail}")
    raise typer.Exit(EXIT_ROSTER_BREAKS_RULES)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario YAML file (for editors)."""
    from shiftplan.scenario.models import ScenarioFile

    typer.echo(json.dumps(ScenarioFile.model_json_schema(), indent=2))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to write the starter scenario in.")],
) -> None:
    """Write a starter scenario to edit: 24 agents in 3 sites, chat and email, 2 weeks."""
    from shiftplan.output_set import check_output_folder
    from shiftplan.scenario.starter import write_starter

    if directory.exists() and not directory.is_dir():
        typer.echo(f"{directory}: is a file; give a new folder for the scenario", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if directory.is_dir() and any(directory.iterdir()):
        typer.echo(f"{directory}: folder is not empty; choose a new folder", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    with input_errors():
        check_output_folder(directory, option="folder")
    path = write_starter(directory)
    typer.echo(f"Wrote {path} and its CSV files. Next: shiftplan validate {path}")
