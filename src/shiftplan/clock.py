"""When the package was first imported: where a command's time limit starts.

``shiftplan solve --time-limit 45`` promises that the command ends within 45
seconds, its own start-up included: importing shiftplan (pandas, OR-Tools,
HiGHS, typer) takes about a second on a 2-core machine, and the command's
clock used to start after it. This module is the package's first import, so
:data:`IMPORTED` is read before any of that.
"""

from __future__ import annotations

import time

IMPORTED = time.perf_counter()
"""``time.perf_counter()`` when ``shiftplan`` began importing."""
