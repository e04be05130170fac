"""Minimum rest in elapsed time, across clock changes and the previous cycle."""

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
    roster,
    shift,
    without,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "rest across spring forward": (
        # 22:00 CET to 09:00 CEST looks like 11 h on the wall clock but is 10 h.
        "minimum rest",
        lambda: roster(
            extra=[shift("FB", "03-27", "14:00"), shift("FB", "03-28", "09:00")],
        ),
    ),
    "rest after previous cycle": (
        # FB's previous shift ended 21:00Z on 03-07; 07:00 CET is 06:00Z.
        "minimum rest",
        lambda: roster(extra=[shift("FB", "03-08", "07:00")]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])


def test_rest_is_elapsed_time_when_clocks_fall_back(scenario: Scenario) -> None:
    # Sydney: 21:00 AEDT (10:00Z) to 07:00 AEST (21:00Z) is 10 h on the wall, 11 h elapsed.
    extra = [shift("FS", "04-03", "13:00"), shift("FS", "04-04", "07:00")]
    assert validate_roster(scenario, roster(extra=extra)) == []


def test_rest_across_spring_forward_detail(scenario: Scenario) -> None:
    _, build = CASES["rest across spring forward"]
    (violation,) = validate_roster(scenario, build())
    assert "only 10 h elapsed rest" in violation.detail
    assert "1 h short" in violation.detail


def test_rest_of_exactly_the_minimum_is_allowed(scenario: Scenario) -> None:
    # 12:00-20:00 then 07:00 the next day: exactly 11 h.
    b1 = [*without(b1_rows(), "03-09"), shift("B1", "03-09", "12:00")]
    assert validate_roster(scenario, roster(b1=b1)) == []
