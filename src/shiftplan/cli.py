"""The ``shiftplan`` command: a thin layer over the public Python API.

Exit codes: 0 done (a roster with gaps is done), 2 bad input, 3 the hard
labour rules cannot all hold, 4 no roster found within the time limit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from shiftplan import __version__
from shiftplan.errors import ScenarioError, ShiftplanError

EXIT_ROSTER_BREAKS_RULES = 1
EXIT_BAD_INPUT = 2
EXIT_RULES_INFEASIBLE = 3
EXIT_NO_ROSTER = 4

app = typer.Typer(
    help="Follow-the-sun shift scheduling for customer-support teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ScenarioArg = Annotated[Path, typer.Argument(help="The scenario YAML file.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shiftplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Follow-the-sun shift scheduling for customer-support teams."""


def _load(path: Path):  # type: ignore[no-untyped-def]
    from shiftplan.scenario.load import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command()
def validate(
    scenario: ScenarioArg,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            exists=True,
            dir_okay=False,
            help="Also check this roster.csv (e.g. edited by hand) against every hard rule.",
        ),
    ] = None,
) -> None:
    """Check a scenario and print a summary of it, or every problem found."""
    from shiftplan.scenario.summary import describe
    from shiftplan.validate import validate_roster

    loaded = _load(scenario)
    if roster is None:
        typer.echo(describe(loaded))
        return
    try:
        violations = validate_roster(loaded, roster)
    except ValueError as error:
        typer.echo(f"{roster}: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
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
    agents: Annotated[int, typer.Option(help="Agents in the starter team.")] = 12,
    days: Annotated[int, typer.Option(help="Days in the cycle.")] = 14,
) -> None:
    """Write a small, valid starter scenario to edit."""
    from shiftplan.generate import generate_scenario

    if directory.exists() and any(directory.iterdir()):
        typer.echo(f"{directory}: folder is not empty; choose a new folder", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    path = generate_scenario(directory, agents=agents, days=days, name="Starter team")
    typer.echo(f"Wrote {path}. Next: shiftplan validate {path}")


@app.command()
def staffing(
    scenario: ScenarioArg,
    out: Annotated[Path | None, typer.Option(help="Write requirements CSV here.")] = None,
) -> None:
    """Required agents per UTC interval and queue, with the service they buy."""
    from shiftplan.reports.files import write_frame
    from shiftplan.reports.staffing import daily_summary, requirements_file_frame
    from shiftplan.staffing.requirements import requirements_frame

    loaded = _load(scenario)
    frame = requirements_frame(loaded)
    typer.echo(daily_summary(loaded, frame))
    if out is not None:
        write_frame(out, requirements_file_frame(frame))
        typer.echo(f"Wrote {out}")


def _cp_sat_parameters(items: list[str]) -> dict[str, object]:
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
    from shiftplan.reports.console import print_progress, solve_report
    from shiftplan.reports.files import write_result
    from shiftplan.solver import SolveParams

    loaded = _load(scenario)
    if objective not in ("late-contacts", "shortfall"):
        typer.echo(f"--objective: '{objective}' is not late-contacts or shortfall", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    params = SolveParams(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        log=log,
        progress=None if quiet else print_progress,
        parameters=_cp_sat_parameters(cp_sat or []),
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
    result = solve_scenario(loaded, objective=objective, params=params, initial_roster=start)
    written = write_result(loaded, result, out)
    typer.echo(solve_report(loaded, result))
    typer.echo("Wrote " + ", ".join(str(path) for path in written.values()))
    if result.status == "INFEASIBLE":
        raise typer.Exit(EXIT_RULES_INFEASIBLE)
    if not result.has_roster:
        raise typer.Exit(EXIT_NO_ROSTER)


def _zone_list(text: str | None) -> list[str] | None:
    """'Asia/Manila, Europe/Berlin' as a list (None: the default zones)."""
    return [zone.strip() for zone in text.split(",") if zone.strip()] if text else None


def _skill_list(text: str | None) -> tuple[str, ...] | None:
    """'chat;email' as a tuple (None: every skill)."""
    return tuple(skill.strip() for skill in text.split(";") if skill.strip()) if text else None


whatif_app = typer.Typer(help="What-if questions answered by re-rostering.", no_args_is_help=True)
app.add_typer(whatif_app, name="whatif")


@whatif_app.command("hire")
def whatif_hire(
    scenario: ScenarioArg,
    timezones: Annotated[
        str | None, typer.Option(help="Comma-separated zones (default: one per UTC offset).")
    ] = None,
    contract: Annotated[str | None, typer.Option(help="The hire's contract.")] = None,
    skills: Annotated[str | None, typer.Option(help="The hire's skills, ';'-separated.")] = None,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 10,
    passes: Annotated[int, typer.Option(help="Heuristic passes per candidate.")] = 2,
    seed: Annotated[int, typer.Option(help="Seed of the deterministic heuristic.")] = 0,
    workers: Annotated[int, typer.Option(help="Processes (0: all cores).")] = 0,
    count: Annotated[int, typer.Option(help="Plan this many hires together.")] = 1,
    verify: Annotated[
        int, typer.Option(help="Re-check the top N zones with the full, deterministic solve.")
    ] = 0,
    deterministic_time: Annotated[
        float, typer.Option(help="CP-SAT deterministic time of each verifying solve.")
    ] = 5.0,
    save_scenario: Annotated[
        Path | None, typer.Option(help="Write the scenario with the top hire added here.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Ranking CSV.")] = Path("out/hire_ranking.csv"),
) -> None:
    """Rank home time zones for the next hire by the coverage they would add."""
    from shiftplan.reports.files import write_frame
    from shiftplan.whatif import (
        hypothetical_agent,
        plan_hires,
        rank_hires,
        verify_hires,
        write_with_hire,
    )

    loaded = _load(scenario)
    if count > 1:
        with _input_errors():
            plans = plan_hires(
                loaded,
                count,
                timezones=_zone_list(timezones),
                contract=contract,
                skills=_skill_list(skills),
                seed=seed,
                passes=passes,
                workers=workers or None,
            )
        write_frame(out, plans)
        typer.echo(f"{count} hires planned together (joint) and one at a time (greedy):")
        typer.echo(plans.to_string(index=False))
        typer.echo(f"Wrote {out}")
        return
    with _input_errors():
        ranking = rank_hires(
            loaded,
            timezones=_zone_list(timezones),
            contract=contract,
            skills=_skill_list(skills),
            seed=seed,
            passes=passes,
            workers=workers or None,
        )
        if verify > 0:
            ranking = verify_hires(
                loaded,
                ranking,
                verify,
                contract=contract,
                skills=_skill_list(skills),
                seed=seed,
                deterministic_time=deterministic_time,
            )
        if save_scenario is not None:
            hire = hypothetical_agent(
                loaded, str(ranking.loc[0, "timezone"]), contract, _skill_list(skills)
            )
            saved = write_with_hire(loaded, hire, save_scenario)
            typer.echo(
                f"Wrote {saved}: check with `shiftplan solve {saved} --deterministic-time "
                f"{deterministic_time:g} --seed {seed}`"
            )
    write_frame(out, ranking)
    columns = [
        "rank",
        "timezone",
        "utc_offsets",
        "late_contacts_avoided",
        "agent_hours_short_closed",
        "nobody_on_intervals_covered",
        "local_starts",
        "days",
    ] + (["verified_late_contacts_avoided"] if verify > 0 else [])
    typer.echo(f"Where the next hire closes most gaps ({len(ranking)} zones tried):")
    typer.echo(ranking[columns].head(top).to_string(index=False))
    typer.echo(f"Wrote {out}")


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn a deliberate shiftplan error into a message and exit code 2."""
    try:
        yield
    except ShiftplanError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _percent(text: str) -> float:
    value = text.strip().removesuffix("%")
    try:
        return float(value) / 100
    except ValueError:
        typer.echo(f"--change: '{text}' is not a percentage like +20% or -10%", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@whatif_app.command("volume")
def whatif_volume(
    scenario: ScenarioArg,
    change: Annotated[str, typer.Option(help="Change in contacts, e.g. +20% or -10%.")],
    queue: Annotated[str | None, typer.Option(help="Only this queue (default: all).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the deterministic heuristic.")] = 0,
) -> None:
    """Before/after KPIs when contact volume changes."""
    from shiftplan.whatif import change_volume

    loaded = _load(scenario)
    with _input_errors():
        table = change_volume(loaded, _percent(change), queue=queue, seed=seed)
    typer.echo(f"Contacts {change} ({queue or 'all queues'}), same team re-rostered:")
    typer.echo(table.to_string(index=False))


@whatif_app.command("leave")
def whatif_leave(
    scenario: ScenarioArg,
    agent: Annotated[str, typer.Option(help="Id of the agent who leaves.")],
    timezones: Annotated[str | None, typer.Option(help="Zones to try for the replacement.")] = None,
    top: Annotated[int, typer.Option(help="Replacement zones to print.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the deterministic heuristic.")] = 0,
    workers: Annotated[int, typer.Option(help="Processes (0: all cores).")] = 0,
) -> None:
    """What breaks when an agent leaves, and which zone would replace them best."""
    from shiftplan.whatif import agent_leaves

    loaded = _load(scenario)
    with _input_errors():
        table, ranking = agent_leaves(
            loaded,
            agent,
            seed=seed,
            workers=workers or None,
            timezones=_zone_list(timezones),
        )
    typer.echo(f"Agent {agent} leaves; the rest of the team re-rostered:")
    typer.echo(table.to_string(index=False))
    typer.echo("\nBest zones for a replacement on the same contract and skills:")
    columns = [
        "rank",
        "timezone",
        "utc_offsets",
        "late_contacts_avoided",
        "agent_hours_short_closed",
        "local_starts",
    ]
    typer.echo(ranking[columns].head(top).to_string(index=False))


@whatif_app.command("contract")
def whatif_contract(
    scenario: ScenarioArg,
    agent: Annotated[str, typer.Option(help="Id of the agent.")],
    contract: Annotated[str, typer.Option(help="The contract they move to.")],
    seed: Annotated[int, typer.Option(help="Seed of the deterministic heuristic.")] = 0,
) -> None:
    """Before/after KPIs when one agent moves to another contract."""
    from shiftplan.whatif import change_contract

    loaded = _load(scenario)
    with _input_errors():
        table = change_contract(loaded, agent, contract, seed=seed)
    typer.echo(f"Agent {agent} moves to contract '{contract}'; team re-rostered:")
    typer.echo(table.to_string(index=False))


def main() -> None:
    """Console entry point: every deliberate error becomes a message, not a traceback."""
    try:
        app()
    except ShiftplanError as error:
        typer.echo(str(error), err=True)
        sys.exit(EXIT_BAD_INPUT)
