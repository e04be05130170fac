"""Evaluate what-if variants in parallel: the one place that starts processes.

:func:`ordered_map` is the only parallel map in :mod:`shiftplan.whatif`, so
another executor (a Dask cluster, say) can replace it here alone. Results
come back in the order of the items, whatever order the processes finish
in, and each item's result depends on the item and the shared context
alone, so a ranking is the same with one process or many.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Context = TypeVar("Context")
Item = TypeVar("Item")
Output = TypeVar("Output")

_CONTEXT: Any = None


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


def _start_worker(context: Any) -> None:
    global _CONTEXT
    _CONTEXT = context
    # The parent decides what Ctrl-C means; a worker must not die mid-item.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_CONTEXT, item)


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

    processes = min(workers or os.cpu_count() or 1, len(items))
    done = 0
    if processes <= 1:
        for index, item in enumerate(items):
            if should_stop():
                break
            results[index] = function(context, item)
            done += 1
            if on_result is not None:
                on_result(done, len(items))
        return Outcome(results, stopped)
    # Fork where there is one: a forked worker needs no imports, so it starts
    # at once; elsewhere the context is sent to each worker once.
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods else "spawn"
    pool = multiprocessing.get_context(method).Pool(
        processes, initializer=_start_worker, initargs=(context,)
    )
    try:
        pending = {
            index: pool.apply_async(_call, (function, item)) for index, item in enumerate(items)
        }
        while pending and not should_stop():
            finished = [index for index, handle in pending.items() if handle.ready()]
            for index in finished:
                results[index] = pending.pop(index).get()
                done += 1
                if on_result is not None:
                    on_result(done, len(items))
            if not finished:
                time.sleep(0.1)
        # Keep what finished while the stop was being noticed.
        for index, handle in pending.items():
            if handle.ready():
                results[index] = handle.get()
    finally:
        # Abandon what is still running: stopping must not wait for it.
        pool.terminate()
        pool.join()
    return Outcome(results, stopped)
