"""The ``shiftplan`` command: a thin layer over the public Python API.

One module per command group registers its commands on the shared Typer
``app``: a new command is a new module and one import line here.

Exit codes: 0 done (a roster with gaps is done), 1 a checked roster breaks a
rule, 2 bad input, 3 the hard labour rules cannot all hold, 4 no roster found
within the time limit, 70 an unexpected error (a bug: please report it),
130 interrupted by Ctrl-C (a solve still writes its best roster).
"""

from __future__ import annotations

import sys
import time
import traceback

import typer

from shiftplan.cli import bench, export, report, scenario, solve, staffing, sweep, whatif
from shiftplan.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_NO_ROSTER,
    EXIT_ROSTER_BREAKS_RULES,
    EXIT_RULES_INFEASIBLE,
    EXIT_UNEXPECTED,
    RUN,
    app,
)
from shiftplan.clock import IMPORTED
from shiftplan.errors import ShiftplanError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_NO_ROSTER",
    "EXIT_ROSTER_BREAKS_RULES",
    "EXIT_RULES_INFEASIBLE",
    "EXIT_UNEXPECTED",
    "app",
    "bench",
    "export",
    "main",
    "report",
    "scenario",
    "solve",
    "staffing",
    "sweep",
    "whatif",
]


def main() -> None:
    """Console entry point: every error becomes a message, never a raw traceback.

    Deliberate errors (bad input) exit 2. Anything else is a fault of
    shiftplan: one line says what it was doing and asks for a report, exit
    70; ``--debug`` shows the traceback. Ctrl-C outside a solve exits 130.
    """
    # The command's clock starts when shiftplan began importing (about a second
    # on 2 cores): importing, loading, staffing, search and writing all count
    # towards --time-limit. A second command in the same process (tests) starts
    # its clock when it starts.
    RUN.process_started = time.perf_counter() if RUN.commanded else IMPORTED
    RUN.commanded = True
    try:
        code = app(standalone_mode=False, prog_name="shiftplan")
    except (typer.Abort, KeyboardInterrupt):
        typer.echo(f"Interrupted while {RUN.step}; nothing was written.", err=True)
        code = EXIT_INTERRUPTED
    except typer.TyperException as error:
        # Usage errors (a missing argument, an unknown option) show themselves.
        show = getattr(error, "show", None)
        if show is None:
            raise
        show()
        code = getattr(error, "exit_code", EXIT_BAD_INPUT)
    except ShiftplanError as error:
        typer.echo(str(error), err=True)
        code = EXIT_BAD_INPUT
    except Exception as error:  # the last resort: never a raw traceback
        if RUN.debug:
            traceback.print_exc()
        kind = type(error).__name__
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        typer.echo(
            f"shiftplan: unexpected error while {RUN.step} ({kind}: {detail}). "
            "This is a bug in shiftplan, not in your input: please report it to the "
            "shiftplan maintainers with the command you ran (shiftplan --debug ... "
            "shows the details).",
            err=True,
        )
        code = EXIT_UNEXPECTED
    RUN.process_started = None
    if code == EXIT_INTERRUPTED and not RUN.interruption_reported:
        # Typer turns Ctrl-C into a silent exit 130.
        typer.echo(f"Interrupted while {RUN.step}; nothing was written.", err=True)
    sys.exit(code if isinstance(code, int) else 0)
