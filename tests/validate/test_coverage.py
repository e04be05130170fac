"""Coverage recounted from UTC times alone."""

from __future__ import annotations

import pandas as pd

from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    recount_coverage,
)
from validator_scenario import (
    DAYS,
    row,
    shift,
)


def test_recount_coverage_counts_whole_intervals(scenario: Scenario) -> None:
    rows = [
        shift("B1", "03-08"),  # 08:00Z-16:00Z: intervals 8..15
        shift("N1", "03-08", "22:00"),  # 03:00Z-11:00Z on 03-09: intervals 27..34
        # 08:30Z-12:30Z covers 09-10, 10-11 and 11-12 whole, not 08-09 or 12-13.
        row("FB", "2027-03-08", "2027-03-08T09:30:00+01:00", "2027-03-08T13:30:00+01:00",
            "2027-03-08T08:30:00Z", "2027-03-08T12:30:00Z", 4),
        # Starts before the grid: only 00:00-01:00Z of the first day counts.
        row("FN", "2027-03-07", "2027-03-07T18:30:00-05:00", "2027-03-07T20:00:00-05:00",
            "2027-03-07T23:30:00Z", "2027-03-08T01:00:00Z", 1.5),
    ]  # fmt: skip
    coverage = recount_coverage(scenario, pd.DataFrame(rows))
    assert len(coverage) == DAYS * 24
    assert coverage.index.name == "interval"
    assert list(coverage.columns) == ["start_utc", "agents", "chat", "email"]
    assert coverage["start_utc"].iloc[27] == pd.Timestamp("2027-03-09T03:00:00Z")
    agents = coverage["agents"]
    assert agents.iloc[0] == 1
    assert agents.iloc[7] == 0
    assert agents.iloc[8] == 1
    assert list(agents.iloc[9:12]) == [2, 2, 2]
    assert list(agents.iloc[12:16]) == [1, 1, 1, 1]
    assert agents.iloc[16] == 0
    assert list(agents.iloc[27:35]) == [1] * 8
    assert agents.iloc[35] == 0
    assert agents.sum() == 1 + 8 + 3 + 8
    assert coverage["email"].sum() == 8
    assert coverage["email"].iloc[27] == 1
    assert coverage["chat"].sum() == agents.sum()


def test_recount_coverage_counts_agents_not_shifts(scenario: Scenario) -> None:
    twice = [shift("FB", "03-08", "09:00", 4), shift("FB", "03-08", "11:00", 4)]
    coverage = recount_coverage(scenario, pd.DataFrame(twice))
    # 08:00Z-12:00Z and 10:00Z-14:00Z overlap on 10..11: one agent, not two.
    assert list(coverage["agents"].iloc[8:14]) == [1] * 6
