"""The validator as a whole: the valid roster, unknown agents, every rule covered."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    RULES,
    assert_valid,
    validate_roster,
)
from validator_scenario import (
    assert_breaks_only,
    b1_rows,
    roster,
    shift,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "unknown agent": (
        "known agent",
        lambda: roster(extra=[{**shift("FB", "03-10"), "agent_id": "ZZ"}]),
    ),
    "wrong timezone column": (
        "known agent",
        lambda: roster(b1=[{**item, "timezone": "Europe/Paris"} for item in b1_rows()]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])


def test_every_rule_is_exercised() -> None:
    """Each rule has a roster breaking it alone, in its family's test file."""
    exercised: set[str] = set()
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        exercised |= {rule for rule, _ in getattr(module, "CASES", {}).values()}
    # Named shift types need a contract that has them: tests/test_shift_types.py.
    assert exercised == set(RULES) - {"shift types"}


def test_valid_roster_has_no_violations(scenario: Scenario) -> None:
    assert validate_roster(scenario, roster()) == []
    assert_valid(scenario, roster())


def test_valid_roster_from_csv_path(scenario: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    roster().to_csv(path, index=False)
    assert validate_roster(scenario, path) == []
    assert validate_roster(scenario, str(path)) == []


def test_roster_helper_matches_hand_computed_times() -> None:
    """Guard the helper: these instants are worked out by hand, not by zoneinfo."""
    night = shift("N1", "03-13", "22:00")  # New York springs forward on 03-14 at 02:00
    assert night["start_utc"] == "2027-03-14T03:00:00Z"
    assert night["end_local"] == "2027-03-14T07:00:00-04:00"
    after = shift("N1", "03-16", "00:00", next_day=True)
    assert after["start_local"] == "2027-03-17T00:00:00-04:00"
    assert after["start_utc"] == "2027-03-17T04:00:00Z"
    assert shift("S1", "04-01")["start_utc"] == "2027-03-31T22:00:00Z"  # +11:00
    assert shift("S1", "04-05")["start_utc"] == "2027-04-04T23:00:00Z"  # +10:00


def test_agents_without_shifts_are_checked(scenario: Scenario) -> None:
    found = validate_roster(scenario, roster(b1=[]))
    b1 = {violation.rule for violation in found if violation.agent_id == "B1"}
    assert b1 == {"weekly hours", "weekly days", "total hours"}
    assert {violation.agent_id for violation in found} == {"B1"}


def test_assert_valid_lists_all_violations(scenario: Scenario) -> None:
    broken = roster(extra=[shift("B1", "04-08"), {**shift("FB", "03-10"), "agent_id": "ZZ"}])
    with pytest.raises(AssertionError) as error:
        assert_valid(scenario, broken)
    text = str(error.value)
    assert "2 rule(s)" in text
    assert "inside cycle" in text
    assert "known agent" in text


def test_validator_is_independent_of_the_solver() -> None:
    import shiftplan.validate as module

    imported: set[str] = set()
    for path in Path(module.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    # The validator's own files import each other; nothing else is allowed.
    shiftplan = {
        name
        for name in imported
        if name.startswith("shiftplan") and not name.startswith("shiftplan.validate")
    }
    # roster_io is the package's one file reader (no solver, no shift catalogue):
    # a roster file means the same thing to the validator as to everything else.
    allowed = {"shiftplan.scenario.models", "shiftplan.scenario.load", "shiftplan.roster_io"}
    assert shiftplan <= allowed
