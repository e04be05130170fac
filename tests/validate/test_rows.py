"""Reading a roster: unreadable cells, missing columns, pandas values."""

from __future__ import annotations

import pandas as pd
import pytest

from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    validate_roster,
)
from validator_scenario import (
    roster,
    shift,
)


def test_unreadable_cells(scenario: Scenario) -> None:
    broken = roster(extra=[{**shift("FB", "03-10"), "start_utc": "tomorrow", "paid_hours": ""}])
    (violation,) = validate_roster(scenario, broken)
    assert violation.rule == "consistent times"
    assert "start_utc 'tomorrow'" in violation.detail
    assert "paid_hours" in violation.detail


def test_missing_column(scenario: Scenario) -> None:
    with pytest.raises(ValueError, match="end_utc"):
        validate_roster(scenario, roster().drop(columns=["end_utc"]))


def test_timestamps_as_pandas_values(scenario: Scenario) -> None:
    frame = roster()
    frame["start_utc"] = pd.to_datetime(frame["start_utc"], utc=True)
    frame["end_utc"] = pd.to_datetime(frame["end_utc"], utc=True)
    frame["local_date"] = pd.to_datetime(frame["local_date"])
    assert validate_roster(scenario, frame) == []
