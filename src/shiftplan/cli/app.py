"""The Typer application, exit codes and the helpers every command shares."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from shiftplan import __version__
from shiftplan.errors import OptionError, ScenarioError, ShiftplanError
from shiftplan.scenario.models import Scenario

EXIT_ROSTER_BREAKS_RULES = 1
EXIT_BAD_INPUT = 2
EXIT_RULES_INFEASIBLE = 3
EXIT_NO_ROSTER = 4
# sysexits' EX_SOFTWARE: a fault of shiftplan itself, never of the input.
EXIT_UNEXPECTED = 70
# The shell's code for SIGINT: the files hold the best roster found until then.
EXIT_INTERRUPTED = 130
MAX_SEED = 2**31 - 1
"""CP-SAT's random_seed is a 32-bit integer."""


class _Run:
    """What the command is doing, for the last-resort error message."""

    step = "starting"
    debug = False
    # Set by a command that handled Ctrl-C itself and said what it kept.
    interruption_reported = False
    # ``time.perf_counter()`` when the command began: what the command does,
    # importing shiftplan included, counts towards a time limit.
    process_started: float | None = None
    # Whether a command has run in this process (its clock started at import).
    commanded = False


RUN = _Run()


def step(text: str) -> None:
    """Record what the command does now ("computing staffing", "writing results")."""
    RUN.step = text


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
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
) -> None:
    """Follow-the-sun shift scheduling for customer-support teams."""
    RUN.debug = debug
    RUN.step = "starting"
    RUN.interruption_reported = False


def load_or_exit(path: Path) -> Scenario:
    """The scenario at ``path``, or every problem in it and exit code 2."""
    from shiftplan.scenario.load import fixed_offset_warnings, load_scenario

    step(f"reading the scenario {path}")
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    for warning in fixed_offset_warnings(scenario):
        typer.echo(warning, err=True)
    return scenario


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn a deliberate shiftplan error into a message and exit code 2."""
    try:
        yield
    except ShiftplanError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def zone_list(text: str | None) -> list[str] | None:
    """'Asia/Manila, Europe/Berlin' as a list (None: the default zones)."""
    return [zone.strip() for zone in text.split(",") if zone.strip()] if text else None


def skill_list(text: str | None) -> tuple[str, ...] | None:
    """'chat;email' as a tuple (None: every skill)."""
    return tuple(skill.strip() for skill in text.split(";") if skill.strip()) if text else None


def check_positive(option: str, value: float) -> None:
    """Refuse a negative, zero, infinite or NaN amount (e.g. seconds)."""
    if not math.isfinite(value) or value <= 0:
        msg = f"{option} {value}: give a positive number, e.g. {option} 30"
        raise OptionError(msg)


def check_count(option: str, value: int, maximum: int = 256, minimum: int = 0) -> None:
    """Refuse a count below ``minimum`` or above ``maximum``."""
    if not minimum <= value <= maximum:
        msg = f"{option} {value}: give a whole number from {minimum} to {maximum}"
        raise OptionError(msg)
