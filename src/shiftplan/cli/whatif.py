"""``shiftplan whatif ...``: questions answered by re-rostering."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from shiftplan.cli.app import (
    EXIT_BAD_INPUT,
    MAX_SEED,
    ScenarioArg,
    app,
    check_count,
    check_positive,
    input_errors,
    load_or_exit,
    skill_list,
    zone_list,
)

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
    from shiftplan.output_set import check_output_file
    from shiftplan.reports.files import write_frame
    from shiftplan.whatif import (
        hypothetical_agent,
        plan_hires,
        rank_hires,
        verify_hires,
        write_with_hire,
    )

    loaded = load_or_exit(scenario)
    with input_errors():
        check_count("--top", top, maximum=1000, minimum=1)
        check_count("--passes", passes, maximum=100, minimum=1)
        check_count("--seed", seed, maximum=MAX_SEED)
        check_count("--workers", workers)
        check_count("--count", count, maximum=50, minimum=1)
        check_count("--verify", verify, maximum=100)
        check_positive("--deterministic-time", deterministic_time)
        check_output_file(out, example="hire_ranking.csv")
    if count > 1:
        with input_errors():
            plans = plan_hires(
                loaded,
                count,
                timezones=zone_list(timezones),
                contract=contract,
                skills=skill_list(skills),
                seed=seed,
                passes=passes,
                workers=workers or None,
            )
        write_frame(out, plans)
        typer.echo(f"{count} hires planned together (joint) and one at a time (greedy):")
        typer.echo(plans.to_string(index=False))
        typer.echo(f"Wrote {out}")
        return
    with input_errors():
        ranking = rank_hires(
            loaded,
            timezones=zone_list(timezones),
            contract=contract,
            skills=skill_list(skills),
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
                skills=skill_list(skills),
                seed=seed,
                deterministic_time=deterministic_time,
            )
        if save_scenario is not None:
            hire = hypothetical_agent(
                loaded, str(ranking.loc[0, "timezone"]), contract, skill_list(skills)
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


def _percent(text: str) -> float:
    """'+20%' or '-10%' as a share; a bare number is ambiguous (+20% or x20?)."""
    stripped = text.strip()
    value = stripped.removesuffix("%").strip()
    problem = None
    try:
        share = float(value) / 100
    except ValueError:
        problem = "is not a percentage like +20% or -10%"
    else:
        if not math.isfinite(share):
            problem = "is not a finite percentage"
        elif not (stripped.endswith("%") or stripped[:1] in "+-"):
            problem = f"needs a sign or a percent sign: +{value}% or -{value}%"
        elif share <= -1:
            problem = "would remove every contact or more; give a change above -100%"
        elif share > 100:
            problem = "is more than +10000%; check the number"
    if problem is not None:
        typer.echo(f"--change: '{text}' {problem}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    return share


@whatif_app.command("volume")
def whatif_volume(
    scenario: ScenarioArg,
    change: Annotated[str, typer.Option(help="Change in contacts, e.g. +20% or -10%.")],
    queue: Annotated[str | None, typer.Option(help="Only this queue (default: all).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the deterministic heuristic.")] = 0,
) -> None:
    """Before/after KPIs when contact volume changes."""
    from shiftplan.whatif import change_volume

    loaded = load_or_exit(scenario)
    with input_errors():
        check_count("--seed", seed, maximum=MAX_SEED)
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

    loaded = load_or_exit(scenario)
    with input_errors():
        check_count("--top", top, maximum=1000, minimum=1)
        check_count("--seed", seed, maximum=MAX_SEED)
        check_count("--workers", workers)
        table, ranking = agent_leaves(
            loaded,
            agent,
            seed=seed,
            workers=workers or None,
            timezones=zone_list(timezones),
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

    loaded = load_or_exit(scenario)
    with input_errors():
        check_count("--seed", seed, maximum=MAX_SEED)
        table = change_contract(loaded, agent, contract, seed=seed)
    typer.echo(f"Agent {agent} moves to contract '{contract}'; team re-rostered:")
    typer.echo(table.to_string(index=False))
