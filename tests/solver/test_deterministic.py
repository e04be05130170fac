"""A deterministic solve gives the same roster as the code before the solver was split."""

from __future__ import annotations

from pathlib import Path

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario, solve
from shiftplan.reports.files import write_result
from shiftplan.solver import SolveParams, deterministic
from shiftplan.validate import assert_valid

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny-deterministic-roster.csv"


def test_deterministic_roster_is_byte_identical_to_the_old_codes(tmp_path: Path) -> None:
    """The roster of ``solve --deterministic-time 0.2 --seed 1`` on the tiny scenario.

    The fixture was written by ``shiftplan solve`` at commit 148e75d, before
    the conductor, runtime and agent model were split out of ``cpmodel.py``;
    the redesign must not change a single byte of it.
    """
    scenario = load_scenario(write_tiny_scenario(tmp_path))
    result = solve(scenario, params=deterministic(SolveParams(seed=1), 0.2))
    written = write_result(scenario, result, tmp_path / "out")
    assert written["roster"].read_bytes() == FIXTURE.read_bytes()
    assert result.roster is not None
    assert_valid(scenario, result.roster.to_csv_frame())
