"""The CP-SAT runtime: pass-through parameters and the deterministic-time policy."""

from __future__ import annotations

import pytest
from ortools.sat import sat_parameters_pb2

from shiftplan.errors import ShiftplanError
from shiftplan.solver import DETERMINISTIC_WORKERS, SolveParams, deterministic, worker_count
from shiftplan.solver.runtime import cp_sat_parameters, full_solver

Sat = sat_parameters_pb2.SatParameters


def test_parameters_take_the_type_cp_sat_expects() -> None:
    """Numbers, booleans and enums (by name, any case, or by number) are converted."""
    parsed = cp_sat_parameters(
        [
            "linearization_level=2",
            "relative_gap_limit=0.05",
            "use_lns=false",
            "search_branching=FIXED_SEARCH",
            "preferred_variable_order=in_random_order",
            "symmetry_level = 1",
        ]
    )
    assert parsed == {
        "linearization_level": 2,
        "relative_gap_limit": 0.05,
        "use_lns": False,
        "search_branching": Sat.FIXED_SEARCH,
        "preferred_variable_order": Sat.IN_RANDOM_ORDER,
        "symmetry_level": 1,
    }
    solver = full_solver(SolveParams(parameters=parsed))
    assert solver.parameters.search_branching == Sat.FIXED_SEARCH
    assert not solver.parameters.use_lns


def test_a_bad_enum_value_lists_the_allowed_names() -> None:
    """The message names the parameter, the value and every allowed name."""
    with pytest.raises(ShiftplanError) as caught:
        cp_sat_parameters(["search_branching=FASTEST"])
    message = str(caught.value)
    assert message.startswith("'FASTEST' is not a value of search_branching; allowed: ")
    assert "AUTOMATIC_SEARCH" in message and "FIXED_SEARCH" in message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("no_such_thing=1", "'no_such_thing=1' is not name=value with a CP-SAT parameter name"),
        ("num_workers", "'num_workers' is not name=value with a CP-SAT parameter name"),
        ("num_workers=many", "'many' is not a valid value for num_workers"),
        ("use_lns=maybe", "'maybe' is not a valid value for use_lns (true or false)"),
        (
            "num_workers=99999999999",
            "num_workers=99999999999 is out of range (-2147483648 to 2147483647)",
        ),
        ("relative_gap_limit=nan", "'nan' is not a finite number for relative_gap_limit"),
    ],
)
def test_bad_parameters_say_what_is_wrong(item: str, message: str) -> None:
    """Unknown names, missing values and values of the wrong type are refused."""
    with pytest.raises(ShiftplanError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        cp_sat_parameters([item])


def test_deterministic_runs_use_a_fixed_worker_count() -> None:
    """The same deterministic command solves with the same workers on every machine."""
    params = deterministic(SolveParams(seed=3, time_limit=45), 5.0)
    assert params.deterministic_limit == 5.0 and params.seed == 3
    assert params.workers == DETERMINISTIC_WORKERS == 8
    assert params.time_limit >= 3600
    assert worker_count(SolveParams(deterministic_limit=5.0)) == DETERMINISTIC_WORKERS
    assert worker_count(deterministic(SolveParams(workers=2), 1.0)) == 2
    assert worker_count(SolveParams()) >= 8
    solver = full_solver(params)
    assert solver.parameters.num_workers == 8 and solver.parameters.interleave_search
