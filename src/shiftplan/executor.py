"""Run independent tasks in parallel: on a Dask cluster, or on local processes.

One function, :func:`map_tasks`, maps a task function over tasks and yields
each outcome as soon as it is done, with the task's index, so a caller can
show progress, save what is finished and survive Ctrl-C. The same call runs

* on an existing Dask cluster (a ``distributed.Client`` or its address),
* on a ``LocalCluster`` it starts on this machine (one thread per worker
  process, because each task is a single-threaded solve), or
* on a plain pool of local processes, when Dask is not installed
  (``pip install shiftplan[distributed]`` adds it).

We use Dask ``distributed`` rather than a scheduler of our own: it already
ships work to other machines, survives a worker dying, and has a dashboard.
A task that raises becomes an :class:`Outcome` with an error message; it
never stops the others.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from shiftplan.errors import ShiftplanError

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")

Backend = Literal["auto", "dask", "processes"]

# How often a waiting map asks its ``stop`` callback whether to give up.
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What became of one task: its value, or why it failed.

    Attributes
    ----------
    index
        Position of the task in the list given to :func:`map_tasks`.
    value
        The task function's return value (None when it failed).
    error
        A one-line message when the task raised, else None.
    """

    index: int
    value: R | None = None
    error: str | None = None


def dask_available() -> bool:
    """Whether the optional ``distributed`` package can be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def describe_error(error: BaseException) -> str:
    """One line for a person: our own errors as they are, others with their type."""
    if isinstance(error, ShiftplanError):
        return str(error).replace("\n", " ")
    text = str(error).replace("\n", " ").strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _call(function: Callable[[T, S], R], task: T, shared: S) -> R:
    return function(task, shared)


def map_tasks(
    function: Callable[[T, S], R],
    tasks: Sequence[T],
    shared: S,
    *,
    client: Any = None,
    address: str | None = None,
    workers: int | None = None,
    backend: Backend = "auto",
    stop: Callable[[], bool] | None = None,
) -> Generator[Outcome[R], None, None]:
    """Call ``function(task, shared)`` for every task; yield outcomes as they finish.

    Parameters
    ----------
    function
        A module-level function (it is pickled to other processes).
    tasks
        The tasks, small and picklable.
    shared
        Data every task needs (a scenario, a baseline). On Dask it is sent
        to each worker once, not with every task.
    client
        A ``distributed.Client`` to run on; it is left open.
    address
        The scheduler of an existing Dask cluster, e.g. ``tcp://host:8786``.
    workers
        Worker processes for a ``LocalCluster`` or the process pool
        (default: the machine's cores). Ignored with ``client``/``address``.
    backend
        ``dask``, ``processes`` (no Dask; with one worker, in this process)
        or ``auto``: Dask when it is installed or a cluster was named.
    stop
        Polled about ten times a second while waiting (a time limit, a
        Ctrl-C flag); when it returns True the map ends and the tasks not
        finished are abandoned. Closing the iterator early does the same.

    Yields
    ------
    Outcome
        One per task, in the order they finish. Call ``close()`` on the
        generator to stop early.
    """
    if not tasks:
        return
    if backend == "auto":
        named = client is not None or address is not None
        backend = "dask" if named or dask_available() else "processes"
    if backend == "processes":
        if client is not None or address is not None:
            msg = "a Dask cluster was named but the backend is 'processes'"
            raise ShiftplanError(msg)
        yield from _on_processes(function, tasks, shared, workers or os.cpu_count() or 1, stop)
        return
    if not dask_available():
        msg = (
            "running on a Dask cluster needs the 'distributed' package: "
            "pip install 'shiftplan[distributed]'"
        )
        raise ShiftplanError(msg)
    yield from _on_dask(function, tasks, shared, client, address, workers, stop)


# What each pool process holds: the task function and the shared data, set once
# by the pool's initializer instead of being sent again with every task.
_FUNCTION: Any = None
_SHARED: Any = None


def _start_process(function: Callable[[Any, Any], Any], shared: Any) -> None:
    global _FUNCTION, _SHARED
    _FUNCTION, _SHARED = function, shared
    # Ctrl-C reaches every process of the terminal; only the parent decides what
    # it means (stop and keep what is finished), so a worker ignores it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_one(item: tuple[int, Any]) -> Outcome[Any]:
    index, task = item
    try:
        return Outcome(index, _FUNCTION(task, _SHARED))
    except Exception as error:
        return Outcome(index, error=describe_error(error))


def _on_processes(
    function: Callable[[T, S], R],
    tasks: Sequence[T],
    shared: S,
    workers: int,
    stop: Callable[[], bool] | None,
) -> Iterator[Outcome[R]]:
    if workers <= 1:
        for index, task in enumerate(tasks):
            if stop is not None and stop():
                return
            try:
                value = function(task, shared)
            except Exception as error:
                yield Outcome(index, error=describe_error(error))
            else:
                yield Outcome(index, value)
        return
    processes = min(workers, len(tasks))
    # Leaving the block terminates the pool: on Ctrl-C or when the caller stops
    # reading (a time limit), running tasks are abandoned, not waited for.
    with multiprocessing.Pool(processes, _start_process, (function, shared)) as pool:
        finished = pool.imap_unordered(_run_one, enumerate(tasks))
        for _ in tasks:
            while True:
                try:
                    outcome = finished.next(timeout=None if stop is None else POLL_SECONDS)
                except multiprocessing.TimeoutError:
                    if stop is not None and stop():
                        return
                else:
                    break
            yield outcome


def _on_dask(
    function: Callable[[T, S], R],
    tasks: Sequence[T],
    shared: S,
    client: Any,
    address: str | None,
    workers: int | None,
    stop: Callable[[], bool] | None,
) -> Iterator[Outcome[R]]:
    from distributed import Client, LocalCluster, as_completed

    with ExitStack() as stack:
        if client is None:
            if address is not None:
                try:
                    client = stack.enter_context(Client(address, timeout="10s"))
                except OSError as error:
                    msg = f"--address {address}: no Dask scheduler answered ({error})"
                    raise ShiftplanError(msg) from None
            else:
                # One thread per worker process: each task is a single-threaded
                # solve, and threads would only fight over the GIL.
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers or os.cpu_count() or 1,
                        threads_per_worker=1,
                        processes=True,
                        # Any free port: 8787 may belong to another cluster.
                        dashboard_address=":0",
                    )
                )
                client = stack.enter_context(Client(cluster))
        # Sent to every worker once, instead of inside each of thousands of tasks.
        [shared_future] = client.scatter([shared], broadcast=True, hash=False)
        futures = client.map(
            _call, [function] * len(tasks), tasks, shared=shared_future, pure=False
        )
        index_of = {future.key: index for index, future in enumerate(futures)}
        try:
            finished = as_completed(futures)
            while not finished.is_empty():
                batch = finished.next_batch(block=stop is None)
                if not batch:
                    if stop is not None and stop():
                        return
                    time.sleep(POLL_SECONDS)
                for future in batch:
                    index = index_of[future.key]
                    if future.status == "error":
                        yield Outcome(index, error=describe_error(future.exception()))
                    else:
                        yield Outcome(index, future.result())
                    # Free the result on the cluster as soon as we hold it.
                    future.release()
        finally:
            client.cancel([future for future in futures if not future.done()])
