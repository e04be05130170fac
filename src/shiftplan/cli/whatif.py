"""``shiftplan whatif ...``: questions answered by re-planning, each over one API call."""

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

whatif_app = typer.Typer(help="What-if questions answered by re-planning.", no_args_is_help=True)
app.add_typer(whatif_app, name="whatif")

SeedOption = Annotated[int, typer.Option(help="Seed of the baseline solve and the re-planning.")]
DeterministicOption = Annotated[
    float,
    typer.Option(
        help="The baseline solve's CP-SAT work units (not seconds), as `shiftplan solve`."
    ),
]
PassesOption = Annotated[int, typer.Option(help="Re-planning passes over the team per variant.")]
WorkersOption = Annotated[int, typer.Option(help="Processes (0: all cores).")]
TimeLimitOption = Annotated[
    float | None, typer.Option(help="Seconds for the whole command; what it cuts is reported.")
]
MarketsOption = Annotated[
    str, typer.Option(help="Candidates: team (its own cities), hubs (those + support hubs), all.")
]
CountriesOption = Annotated[
    str | None, typer.Option(help="Only cities in these ISO countries, e.g. PH,IN.")
]
TimezonesOption = Annotated[
    str | None, typer.Option(help="These zones instead, each with its country: Asia/Manila:PH.")
]


def _say(line: str) -> None:
    typer.echo(line, err=True)


def _check_common(seed: int, passes: int, deterministic_time: float, workers: int = 0) -> None:
    """Refuse the shared options out of range (exit 2 through input_errors)."""
    check_count("--seed", seed, maximum=MAX_SEED)
    check_count("--passes", passes, maximum=100, minimum=1)
    check_positive("--deterministic-time", deterministic_time)
    check_count("--workers", workers)


def _codes(text: str | None) -> list[str] | None:
    return [code.strip() for code in text.split(",") if code.strip()] if text else None


@whatif_app.command("hire")
def whatif_hire(
    scenario: ScenarioArg,
    markets: MarketsOption = "hubs",
    countries: CountriesOption = None,
    timezones: TimezonesOption = None,
    contract: Annotated[str | None, typer.Option(help="The hire's contract.")] = None,
    skills: Annotated[str | None, typer.Option(help="The hire's skills, ';'-separated.")] = None,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 10,
    passes: PassesOption = 1,
    seed: SeedOption = 0,
    deterministic_time: DeterministicOption = 0.5,
    workers: WorkersOption = 0,
    time_limit: TimeLimitOption = None,
    count: Annotated[int, typer.Option(help="Plan this many hires together.")] = 1,
    verify: Annotated[int, typer.Option(help="Re-check the top N with the full solve.")] = 0,
    save_scenario: Annotated[
        Path | None, typer.Option(help="Write the scenario with the top hire added here.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Ranking CSV (a chart is written beside it).")] = Path(
        "out/hire_ranking.csv"
    ),
) -> None:
    """Rank hiring markets for the next hire by the late contacts the team would avoid."""
    import time

    from shiftplan.output_set import check_output_file
    from shiftplan.reports.files import write_frame
    from shiftplan.whatif import (
        hypothetical_agent,
        plan_hires,
        rank_hires,
        top_market,
        verify_hires,
        write_ranking,
        write_with_hire,
    )

    loaded = load_or_exit(scenario)
    started = time.perf_counter()
    with input_errors():
        _check_common(seed, passes, deterministic_time, workers)
        check_count("--top", top, maximum=1000, minimum=1)
        check_count("--count", count, maximum=50, minimum=1)
        check_count("--verify", verify, maximum=100)
        if time_limit is not None:
            check_positive("--time-limit", time_limit)
        # Before anything is computed: the ranking must have somewhere to go.
        check_output_file(out, example="hire_ranking.csv")
        ranking = rank_hires(
            loaded,
            markets=markets,
            countries=_codes(countries),
            timezones=zone_list(timezones),
            contract=contract,
            skills=skill_list(skills),
            seed=seed,
            passes=passes,
            deterministic_time=deterministic_time,
            workers=workers or None,
            time_limit=time_limit,
            report=_say,
        )
        left = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if verify > 0 and not ranking.stopped:
            ranking = verify_hires(ranking, verify, time_limit=left, report=_say)
    _, chart = write_ranking(ranking, out)
    typer.echo(ranking.report(top))
    with input_errors():
        if save_scenario is not None and not ranking.frame.empty:
            hire = hypothetical_agent(loaded, top_market(ranking), contract, skill_list(skills))
            saved = write_with_hire(loaded, hire, save_scenario)
            typer.echo(
                f"Wrote {saved}: check with `shiftplan solve {saved} --deterministic-time "
                f"{deterministic_time:g} --seed {seed}`"
            )
        if count > 1 and not ranking.frame.empty:
            plans = plan_hires(ranking, count, workers=workers or None)
            typer.echo(f"\n{count} hires planned together (joint) and one at a time (greedy):")
            typer.echo(plans.to_string(index=False))
            write_frame(out.with_name(f"{out.stem}_plans.csv"), plans)
    typer.echo(f"Wrote {out}, {chart}")


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
    seed: SeedOption = 0,
    deterministic_time: DeterministicOption = 0.5,
    passes: PassesOption = 1,
) -> None:
    """Before/after figures when contact volume changes."""
    from shiftplan.whatif import change_volume

    loaded = load_or_exit(scenario)
    fraction = _percent(change)
    with input_errors():
        _check_common(seed, passes, deterministic_time)
    _say("Baseline: solving the team as `shiftplan solve` does, then re-planning...")
    with input_errors():
        outcome = change_volume(
            loaded,
            fraction,
            queue,
            seed=seed,
            deterministic_time=deterministic_time,
            passes=passes,
            report=_say,
        )
    typer.echo(outcome.report())


@whatif_app.command("leave")
def whatif_leave(
    scenario: ScenarioArg,
    agent: Annotated[str, typer.Option(help="Id of the agent who leaves.")],
    markets: MarketsOption = "hubs",
    countries: CountriesOption = None,
    timezones: TimezonesOption = None,
    top: Annotated[int, typer.Option(help="Replacement markets to print.")] = 5,
    seed: SeedOption = 0,
    deterministic_time: DeterministicOption = 0.5,
    passes: PassesOption = 1,
    workers: WorkersOption = 0,
    time_limit: TimeLimitOption = None,
) -> None:
    """What breaks when an agent leaves, and which market would replace them best."""
    from shiftplan.whatif import agent_leaves

    loaded = load_or_exit(scenario)
    with input_errors():
        _check_common(seed, passes, deterministic_time, workers)
        check_count("--top", top, maximum=1000, minimum=1)
        if time_limit is not None:
            check_positive("--time-limit", time_limit)
    _say("Baseline: solving the team as `shiftplan solve` does, then re-planning...")
    with input_errors():
        change, ranking = agent_leaves(
            loaded,
            agent,
            seed=seed,
            deterministic_time=deterministic_time,
            passes=passes,
            markets=markets,
            countries=_codes(countries),
            timezones=zone_list(timezones),
            workers=workers or None,
            time_limit=time_limit,
            report=_say,
        )
    typer.echo(change.report())
    typer.echo("\nReplacements on the same contract and skills:")
    typer.echo(ranking.report(top))


@whatif_app.command("contract")
def whatif_contract(
    scenario: ScenarioArg,
    agent: Annotated[str, typer.Option(help="Id of the agent.")],
    contract: Annotated[str, typer.Option(help="The contract they move to.")],
    seed: SeedOption = 0,
    deterministic_time: DeterministicOption = 0.5,
    passes: PassesOption = 1,
) -> None:
    """Before/after figures when one agent moves to another contract."""
    from shiftplan.whatif import change_contract

    loaded = load_or_exit(scenario)
    with input_errors():
        _check_common(seed, passes, deterministic_time)
    _say("Baseline: solving the team as `shiftplan solve` does, then re-planning...")
    with input_errors():
        outcome = change_contract(
            loaded,
            agent,
            contract,
            seed=seed,
            deterministic_time=deterministic_time,
            passes=passes,
            report=_say,
        )
    typer.echo(outcome.report())
