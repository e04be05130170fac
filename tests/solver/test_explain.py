"""The infeasibility explanation names the agent and the rules that clash."""

from __future__ import annotations

from pathlib import Path

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.solver import ModelData, explain_infeasible

# Six working days a week, never two in a row: impossible in any week.
CLASH = {
    "contracts": {
        "day": {
            "hours_per_week": {"min": 16, "max": 56},
            "days_per_week": {"min": 6, "max": 7},
            "max_consecutive_days": 1,
        }
    }
}


def test_rules_that_hold_need_no_explanation(tmp_path: Path) -> None:
    """The tiny scenario's rules can all hold: nothing to explain."""
    data = ModelData.from_scenario(load_scenario(write_tiny_scenario(tmp_path)))
    assert explain_infeasible(data) == []


def test_a_clash_names_the_agent_its_row_and_both_rules(tmp_path: Path) -> None:
    """Leaving out either family makes Anna's week possible, so both are named."""
    data = ModelData.from_scenario(load_scenario(write_tiny_scenario(tmp_path, settings=CLASH)))
    reasons = explain_infeasible(data)
    anna = [line for line in reasons if line.startswith("agent DE1 ")]
    assert anna == [
        "agent DE1 (Anna Schmidt, Europe/Berlin, contract 'day', 1 day off): "
        "'weekly hours and days' and 'consecutive days' cannot all hold; relax one of them "
        "for this agent (agents file row 2)"
    ]
