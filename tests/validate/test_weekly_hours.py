"""Weekly hours and days per 7-day block, leave credited, and total hours."""

from __future__ import annotations

from collections.abc import Callable

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
    s1_rows,
    shift,
    without,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "weekly hours too few": (
        "weekly hours",
        lambda: roster(b1=[*without(b1_rows(), "03-09"), shift("B1", "03-09", hours=6)]),
    ),
    "weekly hours short last block": (
        # 12 h in the 3-day block; the minimum is floor(32 h * 3/7) = 13 h 42 min.
        "weekly hours",
        lambda: roster(
            b1=[*without(b1_rows(), "04-05", "04-06"), *days("B1", "04-05 04-06", hours=6)]
        ),
    ),
    "weekly days too many": (
        # Mon-Sat of 6 h (36 h, 6 days), then Tue-Fri so Sun-Mon are 2 days off.
        "weekly days",
        lambda: roster(
            b1=[
                *days("B1", "03-08 03-09 03-10 03-11 03-12 03-13", hours=6),
                *days("B1", "03-16 03-17 03-18 03-19"),
                *without(b1_rows(), "03-08 03-09 03-10 03-11 03-15 03-16 03-17 03-18"),
            ]
        ),
    ),
    "total hours": (
        "total hours",
        lambda: roster(b1=[*b1_rows(), shift("B1", "03-12")]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])


def test_short_last_block_allows_fourteen_hours(scenario: Scenario) -> None:
    # 6 h + 8 h = 14 h >= floor(32 * 3/7 h) = 822 min; total 142 h >= 140 h.
    b1 = [*without(b1_rows(), "04-05"), shift("B1", "04-05", hours=6)]
    assert validate_roster(scenario, roster(b1=b1)) == []


def test_short_last_block_detail(scenario: Scenario) -> None:
    _, build = CASES["weekly hours short last block"]
    (violation,) = validate_roster(scenario, build())
    assert "2027-04-05..2027-04-07 (3-day block)" in violation.detail
    assert "13 h 42 min" in violation.detail


def test_leave_is_credited(scenario: Scenario) -> None:
    # Without the 2 x 8 h credit for 03-17/18, S1's 16 h week would be short.
    assert validate_roster(scenario, roster()) == []
    found = validate_roster(scenario, roster(s1=without(s1_rows(), "03-16")))
    weekly = [v.detail for v in found if v.agent_id == "S1" and v.rule == "weekly hours"]
    assert weekly == [
        "2027-03-15..2027-03-21: 8 h paid + 16 h leave credit = 24 h, outside 32 h..40 h"
    ]
