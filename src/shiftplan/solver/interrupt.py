"""Ctrl-C as a request to stop, owned by Python and never by CP-SAT.

CP-SAT's own ``catch_sigint_signal`` installs a process-wide C++ handler
whose callback lives in one thread; a SIGINT delivered to any other thread
(a terminal sends it to the process, and the kernel may pick a search
worker) aborts the process with ``std::bad_function_call`` and nothing is
written. So CP-SAT never catches SIGINT here: while :class:`StopRequest` is
active, Python's handler records the request, wherever the signal landed,
and the running search is asked to stop. Each phase of the solve then
returns the best roster it holds.

Python runs signal handlers in the main thread between bytecodes only, and
a thread blocked in ``CpSolver.solve`` runs none; :func:`run` therefore
solves in a helper thread while the main thread waits in short steps, so
the request reaches the search within a tenth of a second.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from ortools.sat.python import cp_model

# How often the waiting main thread looks for a request to stop, in seconds.
POLL_SECONDS = 0.1


class _State:
    """The one SIGINT handler of the process, and how deep requests nest."""

    def __init__(self) -> None:
        self.depth = 0
        self.requested = threading.Event()
        self.previous: Any = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        # Only set a flag: the handler interrupts the main thread at an
        # arbitrary bytecode, where taking a lock could deadlock.
        self.requested.set()


_STATE = _State()


class StopRequest:
    """Ctrl-C as a flag: finish the current step and return the best so far.

    While active (``with StopRequest() as stop:``), SIGINT sets the flag
    instead of raising KeyboardInterrupt at an arbitrary line, so every phase
    (staffing, heuristic, model building, CP-SAT, writing files) stops at a
    point where it still holds a valid roster; ``stop()`` says whether it was
    asked to. Nested uses share one flag, which the outermost one clears on
    entry. Outside the main thread there is no Ctrl-C to catch and the flag
    stays down.
    """

    def __init__(self) -> None:
        self._installed = False

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is not threading.main_thread():
            return self
        if _STATE.depth == 0:
            _STATE.requested.clear()
            _STATE.previous = signal.signal(signal.SIGINT, _STATE.handle)
        _STATE.depth += 1
        self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._installed:
            return
        self._installed = False
        _STATE.depth -= 1
        if _STATE.depth == 0:
            signal.signal(signal.SIGINT, _STATE.previous)
            _STATE.previous = None

    def __call__(self) -> bool:
        """Whether Ctrl-C was pressed since the outermost request began."""
        return self.requested

    @property
    def requested(self) -> bool:
        """Whether Ctrl-C was pressed since the outermost request began."""
        return _STATE.requested.is_set()


def run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> Any:
    """Solve; a Ctrl-C (on any thread) stops the search, which returns its best.

    CP-SAT's own SIGINT handler is always switched off (see the module
    docstring). In the main thread the search runs in a helper thread so
    that Python's handler can run and stop it at once; without an active
    :class:`StopRequest`, Ctrl-C stops the search and raises
    KeyboardInterrupt as usual, with no search left running behind it.
    Solves in other threads (pricing) simply solve: their callers watch
    the flag between solves.
    """
    solver.parameters.catch_sigint_signal = False
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model, callback)
    outcome: dict[str, Any] = {}

    def solve() -> None:
        try:
            outcome["status"] = solver.solve(model, callback)
        except BaseException as error:  # handed to the main thread below
            outcome["error"] = error

    worker = threading.Thread(target=solve, name="cp-sat", daemon=True)
    try:
        worker.start()
        while worker.is_alive():
            worker.join(POLL_SECONDS)
            if _STATE.depth and _STATE.requested.is_set():
                # Repeated while the search runs: a request made before it
                # had started would otherwise be lost.
                solver.stop_search()
    except BaseException:
        # KeyboardInterrupt without a StopRequest: leave no search behind.
        solver.stop_search()
        worker.join()
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["status"]
