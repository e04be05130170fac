"""The command's clock starts before shiftplan imports its heavy dependencies."""

from __future__ import annotations

import subprocess
import sys


def test_the_clock_is_read_before_pandas_and_or_tools_are_imported() -> None:
    """``shiftplan.clock`` is the package's first import, so importing counts towards a limit.

    A fresh interpreter imports the command line as the console script does;
    ``sys.modules`` keeps the order in which modules were first imported.
    """
    code = (
        "import sys\n"
        "from shiftplan.cli import main\n"
        "order = list(sys.modules)\n"
        "print(next(name for name in order if name.startswith('shiftplan.')))\n"
        "clock = order.index('shiftplan.clock')\n"
        "print(all(order.index(heavy) > clock\n"
        "          for heavy in ('numpy', 'pandas', 'ortools', 'highspy', 'typer')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["shiftplan.clock", "True"]
