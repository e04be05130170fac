"""Whole local weekends off."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from shiftplan.scenario.models import Scenario
from validator_scenario import (
    assert_breaks_only,
    days,
    roster,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "no weekend off": (
        # N1's weekend is Thu-Fri: working Fri-Mon leaves none of them whole.
        "weekends off",
        lambda: roster(
            n1=days(
                "N1",
                "03-08 03-12 03-13 03-14 03-15 03-19 03-20 03-21 03-22 03-26 03-27 03-28 "
                "03-29 04-02 04-03 04-04 04-05 04-06",
                clock="22:00",
            )
        ),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])
