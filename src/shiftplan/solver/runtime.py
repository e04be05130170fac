"""The CP-SAT runtime: running a solve and its parameters (Ctrl-C: :mod:`.interrupt`).

Everything that touches ``CpSolver`` settings lives here, so the rest of the
solver package says *what* to solve and this module says *how* CP-SAT runs.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
from google.protobuf import text_format
from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from shiftplan.errors import ShiftplanError

# Ctrl-C handling lives in its own module; re-exported for the phases.
from shiftplan.solver.interrupt import StopRequest as StopRequest
from shiftplan.solver.interrupt import run as run
from shiftplan.solver.types import DETERMINISTIC_WORKERS, SolveParams
from shiftplan.status import Progress

if TYPE_CHECKING:
    from shiftplan.solver.variables import Variables


class ProgressCallback(cp_model.CpSolverSolutionCallback):
    """Reports each improving CP-SAT roster and stops the search on request.

    Parameters
    ----------
    report
        Called with each improving roster's :class:`Progress` (None: silent).
    scale
        Objective points per reported unit (late-contact equivalents).
    stop
        The stop request checked at every solution.
    started
        ``time.perf_counter()`` when the whole solve began.
    lower
        A bound proven before CP-SAT started, in points, if any.
    bounds
        Whether CP-SAT's own bound holds for the whole team: not when it
        searches a neighbourhood (some shifts fixed), where it bounds only
        that.
    """

    def __init__(
        self,
        report: Callable[[Progress], None] | None,
        scale: float,
        stop: StopRequest,
        started: float,
        lower: int | None = None,
        *,
        bounds: bool = True,
    ) -> None:
        super().__init__()
        self._bounds = bounds
        self._lower = -np.inf if lower is None else lower
        self._report = report
        self._scale = scale
        self._stop = stop
        self._started = started

    def on_solution_callback(self) -> None:
        """Report the new roster; stop the search if Ctrl-C was pressed."""
        if self._stop():
            self.stop_search()
        if self._report is None:
            return
        bound = max(self.best_objective_bound if self._bounds else -np.inf, self._lower)
        self._report(
            Progress(
                # Seconds since the solve began, not since CP-SAT did.
                elapsed=time.perf_counter() - self._started,
                objective=self.objective_value / self._scale,
                bound=bound / self._scale if np.isfinite(bound) else None,
            )
        )


@contextmanager
def shifts_fixed(
    model: cp_model.CpModel, variables: Variables, values: Mapping[int, int]
) -> Iterator[None]:
    """Shifts fixed for the block: candidate position to 0 or 1; free again after it.

    The searches around the relaxation and through time windows fix part of
    the roster on the one whole model rather than build a smaller one. Shift
    variables are Booleans, so their domain goes back to [0, 1].
    """
    proto = model.proto
    indices = [variables.shift[position].index for position in values]
    for index, value in zip(indices, values.values(), strict=True):
        domain = proto.variables[index].domain
        domain[0] = domain[1] = value
    try:
        yield
    finally:
        for index in indices:
            domain = proto.variables[index].domain
            domain[0], domain[1] = 0, 1


def hint_solution(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Replace the model's hint by the solver's last solution, every variable of it."""
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(var))


def worker_count(params: SolveParams) -> int:
    """CP-SAT search workers for a solve with ``params``.

    An explicit count wins. A deterministic run uses
    :data:`~shiftplan.solver.types.DETERMINISTIC_WORKERS` whatever the
    machine, so it gives the same roster everywhere. Otherwise eight or the
    number of cores, whichever is more: CP-SAT's portfolio (LNS, feasibility
    jump, LP) needs about eight workers to be effective; on two cores they
    share time, which finds rosters far sooner than two workers alone.
    """
    if params.workers:
        return params.workers
    if params.is_deterministic:
        return DETERMINISTIC_WORKERS
    return max(8, os.cpu_count() or 1)


def full_solver(params: SolveParams, spent: float = 0.0) -> cp_model.CpSolver:
    """The CP-SAT solver of the whole-team search, set up from ``params``.

    Parameters
    ----------
    params
        Time limit, workers, seed, log, deterministic limit and pass-through
        parameters.
    spent
        Seconds of the time limit already used by earlier phases.
    """
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    # A deterministic run keeps its floor of a second; on the clock the search
    # gets what is left, so the run ends at its limit.
    floor = 1.0 if params.deterministic_limit is not None else 0.1
    parameters.max_time_in_seconds = max(floor, params.time_limit - spent)
    parameters.num_workers = worker_count(params)
    parameters.random_seed = params.seed
    parameters.log_search_progress = params.log
    # Ctrl-C stops the search and returns the best roster so far, through
    # Python's handler (shiftplan.solver.interrupt), never CP-SAT's.
    parameters.catch_sigint_signal = False
    if params.deterministic_limit is not None:
        parameters.max_deterministic_time = params.deterministic_limit
        parameters.interleave_search = True
    if params.parameters:
        parameters.merge_text_format(_as_text(params.parameters))
    return solver


def _as_text(overrides: dict[str, Any]) -> str:
    """CP-SAT parameters in protobuf text format.

    The solver's parameter object refuses plain numbers for enum fields and
    lists for repeated ones; the protobuf message accepts both, and its text
    form merges into the solver's parameters whatever the field's kind.
    """
    message = sat_parameters_pb2.SatParameters()
    for key, value in overrides.items():
        field = message.DESCRIPTOR.fields_by_name.get(key)
        if field is not None and field.is_repeated:
            getattr(message, key).extend(value if isinstance(value, list | tuple) else [value])
        else:
            setattr(message, key, value)
    return text_format.MessageToString(message)


def small_solver() -> cp_model.CpSolver:
    """Single-threaded, deterministic limits: one agent's week solves in milliseconds."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    solver.parameters.max_deterministic_time = 2.0
    # Ctrl-C must reach Python between these tiny solves, not stop one of them.
    solver.parameters.catch_sigint_signal = False
    return solver


def status_of(solver: cp_model.CpSolver, status: Any) -> str:
    """CP-SAT's name for a status code (OPTIMAL, FEASIBLE, INFEASIBLE ...)."""
    return str(solver.status_name(status))


def cp_sat_parameters(items: list[str]) -> dict[str, object]:
    """Parse ``name=value`` pairs into CP-SAT parameters of the right types.

    Parameters
    ----------
    items
        Texts such as ``linearization_level=2``, ``use_lns=false`` or
        ``search_branching=FIXED_SEARCH`` (an enum by its name or number).

    Returns
    -------
    dict
        Parameter name to a value of the type CP-SAT expects.

    Raises
    ------
    ShiftplanError
        For a text that is not ``name=value``, an unknown name, or a value
        of the wrong type; for an enum, the message lists its allowed names.
    """
    fields = sat_parameters_pb2.SatParameters.DESCRIPTOR.fields_by_name
    parsed: dict[str, object] = {}
    for item in items:
        name, _, text = item.partition("=")
        name, text = name.strip(), text.strip()
        field = fields.get(name)
        if field is None or not text:
            msg = f"'{item}' is not name=value with a CP-SAT parameter name"
            raise ShiftplanError(msg)
        parsed[name] = _parameter_value(field, name, text)
    return parsed


def _parameter_value(field: Any, name: str, text: str) -> object:
    """``text`` as a value of the CP-SAT parameter described by ``field``."""
    if field.type == field.TYPE_ENUM:
        values = field.enum_type.values_by_name
        if text.upper() in values:
            return values[text.upper()].number
        numbers = {value.number for value in field.enum_type.values}
        if text.lstrip("-").isdigit() and int(text) in numbers:
            return int(text)
        allowed = ", ".join(value.name for value in field.enum_type.values)
        msg = f"'{text}' is not a value of {name}; allowed: {allowed}"
        raise ShiftplanError(msg)
    if field.type == field.TYPE_BOOL:
        if text.lower() in ("1", "true", "yes"):
            return True
        if text.lower() in ("0", "false", "no"):
            return False
        msg = f"'{text}' is not a valid value for {name} (true or false)"
        raise ShiftplanError(msg)
    try:
        if field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
            number = float(text)
            if not math.isfinite(number):
                msg = f"'{text}' is not a finite number for {name}"
                raise ShiftplanError(msg)
            return number
        if field.type in (field.TYPE_INT32, field.TYPE_INT64):
            whole = int(text)
            # Protobuf refuses a number outside the field's width with an
            # error that names neither the parameter nor the value.
            bits = 31 if field.type == field.TYPE_INT32 else 63
            if not -(2**bits) <= whole < 2**bits:
                msg = f"{name}={text} is out of range ({-(2**bits)} to {2**bits - 1})"
                raise ShiftplanError(msg)
            return whole
    except ValueError:
        msg = f"'{text}' is not a valid value for {name}"
        raise ShiftplanError(msg) from None
    return text
