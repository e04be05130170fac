"""A deterministic solve gives the same roster as the code before the solver was split."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.cli import app
from shiftplan.validate import assert_valid

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny-deterministic-roster.csv"


def test_deterministic_roster_is_byte_identical_to_the_old_codes(tmp_path: Path) -> None:
    """``shiftplan solve --deterministic-time 0.2 --seed 1`` on the tiny scenario.

    The fixture was written by this same command at commit 148e75d, before
    the conductor, runtime and agent model were split out of ``cpmodel.py``;
    the redesign must not change a single byte of it. The command says how
    many workers it used, so a user can compare runs across machines.
    """
    path = write_tiny_scenario(tmp_path)
    out = tmp_path / "out"
    args = ["solve", str(path), "--deterministic-time", "0.2", "--seed", "1", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0, result.output
    assert (
        "Deterministic: 0.2 CP-SAT work units (not seconds), 8 interleaved workers, seed 1"
        in result.output
    )
    assert (out / "roster.csv").read_bytes() == FIXTURE.read_bytes()
    assert_valid(load_scenario(path), out / "roster.csv")


def test_enum_parameters_by_name_and_a_clear_error_for_a_bad_one(tmp_path: Path) -> None:
    """A bad --cp-sat enum value is exit 2 naming every allowed value, before any solve."""
    path = write_tiny_scenario(tmp_path)
    result = CliRunner().invoke(
        app, ["solve", str(path), "--cp-sat", "search_branching=FASTEST", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "--cp-sat: 'FASTEST' is not a value of search_branching; allowed: " in result.output
    assert "FIXED_SEARCH" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "roster.csv").exists()
