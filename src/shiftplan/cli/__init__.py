"""The ``shiftplan`` command: a thin layer over the public Python API.

One module per command group registers its commands on the shared Typer
``app``: a new command is a new module and one import line here.

Exit codes: 0 done (a roster with gaps is done), 1 a checked roster breaks a
rule, 2 bad input, 3 the hard labour rules cannot all hold, 4 no roster found
within the time limit.
"""

from __future__ import annotations

import sys

import typer

from shiftplan.cli import bench, export, scenario, solve, staffing, sweep, whatif
from shiftplan.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_NO_ROSTER,
    EXIT_ROSTER_BREAKS_RULES,
    EXIT_RULES_INFEASIBLE,
    app,
)
from shiftplan.errors import ShiftplanError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NO_ROSTER",
    "EXIT_ROSTER_BREAKS_RULES",
    "EXIT_RULES_INFEASIBLE",
    "app",
    "bench",
    "export",
    "main",
    "scenario",
    "solve",
    "staffing",
    "sweep",
    "whatif",
]


def main() -> None:
    """Console entry point: every deliberate error becomes a message, not a traceback."""
    try:
        app()
    except ShiftplanError as error:
        typer.echo(str(error), err=True)
        sys.exit(EXIT_BAD_INPUT)
