"""Runs of working days and days off, the previous cycle counted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    validate_roster,
)
from validator_scenario import (
    assert_breaks_only,
    b1_rows,
    days,
    roster,
    rules,
    s1_rows,
    shift,
    without,
    write_scenario,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "too many days in a row": (
        # Fri 03-12 to Thu 03-18: 7 days, the contract allows 6.
        "consecutive days",
        lambda: roster(
            b1=[
                *days("B1", "03-08 03-09 03-12"),
                *days("B1", "03-13 03-14", hours=6),
                *without(b1_rows(), "03-08", "03-09", "03-10", "03-11"),
            ]
        ),
    ),
    "single working days": (
        # S1 works Mon 03-15 and Fri 03-19 alone (2 days + 2 credited days of leave).
        "consecutive days",
        lambda: roster(s1=[*without(s1_rows(), "03-16"), shift("S1", "03-19")]),
    ),
    "single day off": (
        # Mon, Tue, Thu, Fri: Wednesday alone off.
        "consecutive days",
        lambda: roster(b1=[*without(b1_rows(), "03-24"), shift("B1", "03-22")]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])


def test_consecutive_days_count_previous_cycle(tmp_path: Path) -> None:
    # B1 worked Wed 03-03 to Sun 03-07; with Mon-Thu that is 9 days in a row.
    previous = [
        ("B1", f"2027-03-0{day}", f"2027-03-0{day}T08:00:00Z", f"2027-03-0{day}T16:00:00Z")
        for day in range(3, 8)
    ]
    scenario = write_scenario(tmp_path, previous=previous)
    found = validate_roster(scenario, roster())
    assert rules(found) == {"consecutive days"}
    (violation,) = found
    assert "9 days in a row, 2027-03-03..2027-03-11" in violation.detail
