"""What candidate shifts obey by construction: times, lengths, windows, time off, cycle."""

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
    n1_rows,
    roster,
    row,
    s1_rows,
    shift,
    without,
    write_scenario,
)

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "utc not shifted for summer time": (
        # 09:00 CEST is 07:00Z; the row keeps the winter 08:00Z.
        "consistent times",
        lambda: roster(
            b1=[
                *without(b1_rows(), "03-29"),
                row(
                    "B1",
                    "2027-03-29",
                    "2027-03-29T09:00:00+02:00",
                    "2027-03-29T17:00:00+02:00",
                    "2027-03-29T08:00:00Z",
                    "2027-03-29T16:00:00Z",
                    8,
                ),
            ]
        ),
    ),
    "local offset of winter in summer": (
        # Same instant as 07:00Z, but Berlin is at +02:00 by then.
        "consistent times",
        lambda: roster(
            b1=[
                *without(b1_rows(), "03-29"),
                row(
                    "B1",
                    "2027-03-29",
                    "2027-03-29T08:00:00+01:00",
                    "2027-03-29T16:00:00+01:00",
                    "2027-03-29T07:00:00Z",
                    "2027-03-29T15:00:00Z",
                    8,
                ),
            ]
        ),
    ),
    "night of the change paid 8 h but 7 h elapsed": (
        "consistent times",
        lambda: roster(
            extra=[
                row(
                    "FB",
                    "2027-03-27",
                    "2027-03-27T22:00:00+01:00",
                    "2027-03-28T06:00:00+02:00",
                    "2027-03-27T21:00:00Z",
                    "2027-03-28T04:00:00Z",
                    8,
                )
            ]
        ),
    ),
    "start on a later day than local_date": (
        "consistent times",
        lambda: roster(
            extra=[{**shift("FB", "03-11"), "local_date": "2027-03-10"}],
        ),
    ),
    "after-midnight start dated on its own day": (
        # N1's 00:00 start on Wed 03-17 belongs to Tue 03-16, not to 03-17.
        "consistent times",
        lambda: roster(
            n1=[
                *[item for item in n1_rows() if item["start_local"][:10] != "2027-03-17"],
                {**shift("N1", "03-16", "00:00", next_day=True), "local_date": "2027-03-17"},
            ]
        ),
    ),
    "shift length": (
        "shift length",
        lambda: roster(s1=[*without(s1_rows(), "03-22"), shift("S1", "03-22", hours=7)]),
    ),
    "start outside window": (
        "start window",
        lambda: roster(b1=[*without(b1_rows(), "03-10"), shift("B1", "03-10", "13:00")]),
    ),
    "start off the step grid": (
        "start window",
        lambda: roster(b1=[*without(b1_rows(), "03-10"), shift("B1", "03-10", "09:30")]),
    ),
    "shift on leave": (
        "time off",
        lambda: roster(s1=[*without(s1_rows(), "03-15"), shift("S1", "03-17")]),
    ),
    "shift after the cycle": (
        "inside cycle",
        lambda: roster(extra=[shift("B1", "04-08")]),
    ),
}
"""One roster per rule, breaking exactly that rule."""


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    assert_breaks_only(scenario, case, *CASES[case])


def test_dst_shifts_hand_written(scenario: Scenario) -> None:
    """Literal rows across each agent's clock change, in the lax flex contract."""
    rows = [
        # Berlin: 09:00 is 08:00Z before 03-28 and 07:00Z after.
        row("FB", "2027-03-26", "2027-03-26T09:00:00+01:00", "2027-03-26T17:00:00+01:00",
            "2027-03-26T08:00:00Z", "2027-03-26T16:00:00Z", 8),
        row("FB", "2027-03-29", "2027-03-29T09:00:00+02:00", "2027-03-29T17:00:00+02:00",
            "2027-03-29T07:00:00Z", "2027-03-29T15:00:00Z", 8),
        # Berlin night of the change: 22:00 + 8 h elapsed ends at 07:00 local.
        row("FB", "2027-03-27", "2027-03-27T22:00:00+01:00", "2027-03-28T07:00:00+02:00",
            "2027-03-27T21:00:00Z", "2027-03-28T05:00:00Z", 8),
        # New York: 09:00 is 14:00Z before 03-14 and 13:00Z after.
        row("FN", "2027-03-12", "2027-03-12T09:00:00-05:00", "2027-03-12T17:00:00-05:00",
            "2027-03-12T14:00:00Z", "2027-03-12T22:00:00Z", 8),
        row("FN", "2027-03-15", "2027-03-15T09:00:00-04:00", "2027-03-15T17:00:00-04:00",
            "2027-03-15T13:00:00Z", "2027-03-15T21:00:00Z", 8),
        # Sydney falls back on 04-04: 09:00 is 22:00Z the day before, then 23:00Z.
        row("FS", "2027-04-02", "2027-04-02T09:00:00+11:00", "2027-04-02T17:00:00+11:00",
            "2027-04-01T22:00:00Z", "2027-04-02T06:00:00Z", 8),
        row("FS", "2027-04-05", "2027-04-05T09:00:00+10:00", "2027-04-05T17:00:00+10:00",
            "2027-04-04T23:00:00Z", "2027-04-05T07:00:00Z", 8),
    ]  # fmt: skip
    assert validate_roster(scenario, roster(extra=rows)) == []


def test_night_of_change_detail(scenario: Scenario) -> None:
    _, build = CASES["night of the change paid 8 h but 7 h elapsed"]
    (violation,) = validate_roster(scenario, build())
    assert violation.agent_id == "FB"
    assert "7 h elapsed" in violation.detail
    assert "paid_hours is 8" in violation.detail


def test_wrong_offset_detail(scenario: Scenario) -> None:
    _, build = CASES["local offset of winter in summer"]
    details = " ".join(violation.detail for violation in validate_roster(scenario, build()))
    assert "+01:00" in details
    assert "+02:00" in details


def test_public_holidays_are_days_off(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, holidays=True)
    found = validate_roster(scenario, roster())
    off = {(v.agent_id, v.detail[9:19]) for v in found if v.rule == "time off"}
    # Good Friday and Easter Monday in Germany; S1 (Australia) works Easter Monday.
    assert ("B1", "2027-03-26") in off
    assert ("B1", "2027-03-29") in off
    assert ("S1", "2027-03-29") in off
    assert all("public holiday" in v.detail for v in found if v.rule == "time off")
