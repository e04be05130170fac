"""One shift per agent and local date."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from shiftplan.scenario.models import Scenario
from validator_scenario import (
    assert_breaks_only,
    roster,
    shift,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "two shifts on one day": (
        # 00:00-04:00 and 15:00-19:00: 11 h rest between them, so only this rule breaks.
        "one shift per day",
        lambda: roster(extra=[shift("FB", "03-10", "00:00", 4), shift("FB", "03-10", "15:00", 4)]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])
