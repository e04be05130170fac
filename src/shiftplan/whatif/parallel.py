"""Evaluate what-if variants in parallel, and Ctrl-C as a flag.

:func:`ordered_map` is the only parallel map in :mod:`shiftplan.whatif`; it
runs on the project's executor (:func:`shiftplan.executor.map_tasks`), so a
change of executor (a Dask cluster, say) is made there or here alone.
Results come back in the order of the items, whatever order the processes
finish in, and each item's result depends on the item and the shared
context alone, so a ranking is the same with one process or many.
"""

from __future__ import annotations

import signal
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from shiftplan.errors import ShiftplanError

Context = TypeVar("Context")
Item = TypeVar("Item")
Output = TypeVar("Output")


@dataclass
class Stopped:
    """Why a map stopped early: ``time limit`` or ``Ctrl-C`` (None: it did not)."""

    reason: str | None = None


class Interrupts:
    """Ctrl-C as a flag while active, so work stops between items, not mid-item.

    A solve inside the block installs its own handler for a while (it stops
    its search and returns the best roster so far). Python also writes every
    signal it receives to a "wakeup" socket, whichever handler is installed,
    so the flag also sees a Ctrl-C that the solve consumed.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._wakeup: tuple[socket.socket, socket.socket] | None = None
        self._previous_fd = -1

    def __enter__(self) -> Interrupts:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: there is no Ctrl-C to catch
            self._previous = None
            return self
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._wakeup = (reader, writer)
        self._previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        if self._wakeup is not None:
            signal.set_wakeup_fd(self._previous_fd)
            for end in self._wakeup:
                end.close()
            self._wakeup = None

    def _handle(self, signum: int, frame: object) -> None:
        self.requested = True

    def __call__(self) -> bool:
        """Whether Ctrl-C was pressed since the block began."""
        if not self.requested and self._wakeup is not None:
            try:
                received = self._wakeup[0].recv(512)
            except BlockingIOError:
                received = b""
            self.requested = signal.SIGINT.value in received
        return self.requested


@contextmanager
def interrupts() -> Iterator[Interrupts]:
    """A :class:`Interrupts` flag for the duration of a ``with`` block."""
    with Interrupts() as flag:
        yield flag


def _apply(task: tuple[Callable[[Any, Any], Any], Any], context: Any) -> Any:
    function, item = task
    return function(context, item)


@dataclass
class Outcome(Generic[Output]):
    """Results in item order (None where an item was not evaluated) and why it stopped."""

    results: list[Output | None]
    stopped: Stopped


def ordered_map(
    function: Callable[[Context, Item], Output],
    context: Context,
    items: Sequence[Item],
    *,
    workers: int | None = None,
    deadline: float | None = None,
    stop: Callable[[], bool] | None = None,
    on_result: Callable[[int, int], None] | None = None,
) -> Outcome[Output]:
    """``[function(context, item) for item in items]``, in parallel, stoppable.

    Parameters
    ----------
    function
        A module-level function (processes receive it by name).
    context
        Shared by every item; sent to each process once.
    items
        The work, in the order results are returned.
    workers
        Processes (None: every core); 1 runs in this process.
    deadline
        ``time.perf_counter()`` value after which no item is started and
        the running ones are abandoned.
    stop
        Polled while waiting; True stops like the deadline (Ctrl-C).
    on_result
        Called with (items done, items in all) after each result.

    Returns
    -------
    Outcome
        Results in item order; None for items not evaluated.
    """
    results: list[Output | None] = [None] * len(items)
    stopped = Stopped()

    def should_stop() -> bool:
        if stop is not None and stop():
            stopped.reason = "Ctrl-C"
        elif deadline is not None and time.perf_counter() >= deadline:
            stopped.reason = "time limit"
        return stopped.reason is not None

    # The project's executor (shiftplan.executor) runs the items: in this
    # process for one worker, else on a pool of local processes that gets
    # the context once. Dask is not used here: a cluster takes longer to
    # start than a whole ranking on a small team.
    from shiftplan.executor import map_tasks

    done = 0
    tasks = [(function, item) for item in items]
    outcomes = map_tasks(
        _apply, tasks, context, workers=workers, backend="processes", stop=should_stop
    )
    try:
        for outcome in outcomes:
            if outcome.error is not None:
                name = getattr(items[outcome.index], "label", f"item {outcome.index + 1}")
                msg = f"evaluating {name} failed: {outcome.error}"
                raise ShiftplanError(msg)
            results[outcome.index] = outcome.value
            done += 1
            if on_result is not None:
                on_result(done, len(items))
            if should_stop():
                break
    finally:
        outcomes.close()
    return Outcome(results, stopped)
