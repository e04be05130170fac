"""Tests of the independent roster validator, on tiny hand-written scenarios.

The scenario runs 31 days from Monday 2027-03-08 to Wednesday 2027-04-07, so
that each agent's clock change falls inside it (New York 2027-03-14, Berlin
2027-03-28, Sydney 2027-04-04) and the last 7-day block is 3 days short.

Agents under strict contracts (B1, N1, S1) carry the valid roster; agents
under a lax "flex" contract (FB, FN, FS) are idle in it and get shifts only
in the tests of single rules, so that a shift of theirs breaks nothing else.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    RULES,
    Violation,
    assert_valid,
    recount_coverage,
    validate_roster,
)

START = date(2027, 3, 8)
DAYS = 31
ZONES = {
    "B1": "Europe/Berlin",
    "N1": "America/New_York",
    "S1": "Australia/Sydney",
    "FB": "Europe/Berlin",
    "FN": "America/New_York",
    "FS": "Australia/Sydney",
}

YAML = """\
name: validator test
horizon: {{start: 2027-03-08, days: 31, interval_minutes: 60}}
queues:
  - {{name: chat, kind: realtime, aht_seconds: 300, skill: chat,
      service_level: {{target: 0.8, answer_within_seconds: 20}}}}
  - {{name: email, kind: deferred, aht_seconds: 600, skill: email, respond_within_hours: 8}}
forecast: forecast.csv
agents: agents.csv
time_off: time_off.csv
public_holidays: {holidays}
previous_roster: previous.csv
contracts:
  day:
    hours_per_week: {{min: 32, max: 40}}
    shift_hours: [6, 8]
    days_per_week: {{min: 4, max: 5}}
    start_window: {{earliest: "07:00", latest: "12:00"}}
    start_step_minutes: 60
    min_rest_hours: 11
    max_consecutive_days: 6
    min_consecutive_days: 2
    min_consecutive_days_off: 2
    min_weekends_off: 2
    total_hours: {{min: 140, max: 150}}
  nights:
    hours_per_week: {{min: 32, max: 40}}
    shift_hours: [8]
    days_per_week: {{min: 4, max: 5}}
    start_window: {{earliest: "21:00", latest: "01:00"}}
    start_step_minutes: 60
    min_rest_hours: 11
    max_consecutive_days: 5
    min_weekends_off: 1
  flex:
    hours_per_week: {{min: 0, max: 60}}
    shift_hours: [4, 6, 8]
    days_per_week: {{min: 0, max: 7}}
    start_window: {{earliest: "00:00", latest: "23:00"}}
    start_step_minutes: 60
    min_rest_hours: 11
    max_consecutive_days: 7
"""

AGENTS = """\
id,name,timezone,country,contract,skills,weekend
B1,Berta,Europe/Berlin,DE,day,chat,sat-sun
N1,Nick,America/New_York,US,nights,chat;email,thu-fri
S1,Sam,Australia/Sydney,AU,day,email,sat-sun
FB,Flo,Europe/Berlin,DE,flex,chat,sat-sun
FN,Fay,America/New_York,US,flex,chat,sat-sun
FS,Fin,Australia/Sydney,AU,flex,chat,sat-sun
"""

TIME_OFF = """\
agent_id,first_day,last_day,reason
S1,2027-03-17,2027-03-18,annual leave
"""

# N1 worked the two nights before the cycle; FB ended a late shift at 22:00 CET.
PREVIOUS = [
    ("N1", "2027-03-06", "2027-03-07T03:00:00Z", "2027-03-07T11:00:00Z"),
    ("N1", "2027-03-07", "2027-03-08T03:00:00Z", "2027-03-08T11:00:00Z"),
    ("FB", "2027-03-07", "2027-03-07T13:00:00Z", "2027-03-07T21:00:00Z"),
]


def write_scenario(
    folder: Path,
    holidays: bool = False,
    previous: list[tuple[str, str, str, str]] = PREVIOUS,
) -> Scenario:
    """Write the YAML and CSV files into ``folder`` and load them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(YAML.format(holidays=str(holidays).lower()))
    (folder / "agents.csv").write_text(AGENTS)
    (folder / "time_off.csv").write_text(TIME_OFF)
    lines = ["queue,interval_start,contacts"]
    origin = datetime(2027, 3, 8, tzinfo=UTC)
    for queue in ("chat", "email"):
        for index in range(DAYS * 24):
            stamp = origin + timedelta(hours=index)
            lines.append(f"{queue},{stamp:%Y-%m-%dT%H:%M:%SZ},3")
    (folder / "forecast.csv").write_text("\n".join(lines) + "\n")
    rows = ["agent_id,local_date,start_utc,end_utc"] + [",".join(row) for row in previous]
    (folder / "previous.csv").write_text("\n".join(rows) + "\n")
    return load_scenario(folder / "scenario.yaml")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return write_scenario(tmp_path_factory.mktemp("base"))


# --- roster helpers -------------------------------------------------------------------


def shift(
    agent_id: str, day: str, clock: str = "09:00", hours: float = 8, next_day: bool = False
) -> dict[str, Any]:
    """A roster row: ``day`` is MM-DD in 2027; ``next_day`` starts after midnight."""
    zone = ZoneInfo(ZONES[agent_id])
    local_date = date.fromisoformat(f"2027-{day}")
    start_date = local_date + timedelta(days=1) if next_day else local_date
    start = datetime.combine(start_date, time.fromisoformat(clock), tzinfo=zone)
    start_utc = start.astimezone(UTC)
    end_utc = start_utc + timedelta(hours=hours)
    return row(
        agent_id,
        local_date.isoformat(),
        start.isoformat(),
        end_utc.astimezone(zone).isoformat(),
        f"{start_utc:%Y-%m-%dT%H:%M:%SZ}",
        f"{end_utc:%Y-%m-%dT%H:%M:%SZ}",
        hours,
    )


def row(
    agent_id: str,
    local_date: str,
    start_local: str,
    end_local: str,
    start_utc: str,
    end_utc: str,
    paid_hours: float,
) -> dict[str, Any]:
    """A roster row written out literally."""
    return {
        "agent_id": agent_id,
        "agent_name": agent_id.lower(),
        "timezone": ZONES.get(agent_id, "UTC"),
        "local_date": local_date,
        "start_local": start_local,
        "end_local": end_local,
        "start_utc": start_utc,
        "end_utc": end_utc,
        "paid_hours": paid_hours,
    }


def days(agent_id: str, dates: str, clock: str = "09:00", hours: float = 8) -> list[dict[str, Any]]:
    """Shifts on space-separated MM-DD dates, all at the same local start."""
    return [shift(agent_id, day, clock, hours) for day in dates.split()]


def b1_rows() -> list[dict[str, Any]]:
    # Mon-Thu, except Tue-Fri in the week of the Berlin clock change.
    return days(
        "B1",
        "03-08 03-09 03-10 03-11 03-15 03-16 03-17 03-18 03-23 03-24 03-25 03-26 "
        "03-29 03-30 03-31 04-01 04-05 04-06",
    )


def n1_rows() -> list[dict[str, Any]]:
    # Nights Sat-Tue at 22:00 local; Tue 03-16 starts at 00:00 on Wed 03-17.
    rows = days(
        "N1",
        "03-08 03-09 03-13 03-14 03-15 03-20 03-21 03-22 03-23 "
        "03-27 03-28 03-29 03-30 04-03 04-04 04-05 04-06",
        clock="22:00",
    )
    rows.append(shift("N1", "03-16", "00:00", next_day=True))
    return rows


def s1_rows() -> list[dict[str, Any]]:
    # Leave on Wed-Thu 03-17/18 is credited 8 h each; one 5-day week of 6 h shifts.
    return [
        *days("S1", "03-08 03-09 03-10 03-11 03-15 03-16"),
        *days("S1", "03-22 03-23 03-24 03-25", hours=6),
        *days("S1", "03-26 03-29 03-30 03-31 04-01 04-05 04-06"),
    ]


def roster(
    b1: list[dict[str, Any]] | None = None,
    n1: list[dict[str, Any]] | None = None,
    s1: list[dict[str, Any]] | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """The valid roster, with any agent's shifts replaced and extra rows added."""
    rows = [
        *(b1_rows() if b1 is None else b1),
        *(n1_rows() if n1 is None else n1),
        *(s1_rows() if s1 is None else s1),
        *(extra or []),
    ]
    return pd.DataFrame(rows)


def without(rows: list[dict[str, Any]], *dates: str) -> list[dict[str, Any]]:
    """Rows minus the shifts on the given (space-separated) MM-DD local dates."""
    dropped = {f"2027-{day}" for chunk in dates for day in chunk.split()}
    return [item for item in rows if item["local_date"] not in dropped]


def rules(violations: list[Violation]) -> set[str]:
    return {violation.rule for violation in violations}


# --- the valid roster -----------------------------------------------------------------


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


# --- one roster per rule, breaking exactly that rule ----------------------------------

CASES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "unknown agent": (
        "known agent",
        lambda: roster(extra=[{**shift("FB", "03-10"), "agent_id": "ZZ"}]),
    ),
    "wrong timezone column": (
        "known agent",
        lambda: roster(b1=[{**item, "timezone": "Europe/Paris"} for item in b1_rows()]),
    ),
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
    "two shifts on one day": (
        # 00:00-04:00 and 15:00-19:00: 11 h rest between them, so only this rule breaks.
        "one shift per day",
        lambda: roster(extra=[shift("FB", "03-10", "00:00", 4), shift("FB", "03-10", "15:00", 4)]),
    ),
    "shift on leave": (
        "time off",
        lambda: roster(s1=[*without(s1_rows(), "03-15"), shift("S1", "03-17")]),
    ),
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
    "shift after the cycle": (
        "inside cycle",
        lambda: roster(extra=[shift("B1", "04-08")]),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_alone(scenario: Scenario, case: str) -> None:
    rule, build = CASES[case]
    found = validate_roster(scenario, build())
    assert found, f"{case}: no violation found"
    assert rules(found) == {rule}, "\n".join(map(str, found))


def test_every_rule_is_exercised() -> None:
    # Named shift types need a contract that has them: tests/test_shift_types.py.
    assert {rule for rule, _ in CASES.values()} == set(RULES) - {"shift types"}


def test_assert_valid_lists_all_violations(scenario: Scenario) -> None:
    broken = roster(extra=[shift("B1", "04-08"), {**shift("FB", "03-10"), "agent_id": "ZZ"}])
    with pytest.raises(AssertionError) as error:
        assert_valid(scenario, broken)
    text = str(error.value)
    assert "2 rule(s)" in text
    assert "inside cycle" in text
    assert "known agent" in text


# --- details of single rules ----------------------------------------------------------


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


def test_public_holidays_are_days_off(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, holidays=True)
    found = validate_roster(scenario, roster())
    off = {(v.agent_id, v.detail[9:19]) for v in found if v.rule == "time off"}
    # Good Friday and Easter Monday in Germany; S1 (Australia) works Easter Monday.
    assert ("B1", "2027-03-26") in off
    assert ("B1", "2027-03-29") in off
    assert ("S1", "2027-03-29") in off
    assert all("public holiday" in v.detail for v in found if v.rule == "time off")


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


def test_validator_is_independent_of_the_solver() -> None:
    import shiftplan.validate as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    shiftplan = {name for name in imported if name.startswith("shiftplan")}
    # roster_io is the package's one file reader (no solver, no shift catalogue):
    # a roster file means the same thing to the validator as to everything else.
    allowed = {"shiftplan.scenario.models", "shiftplan.scenario.load", "shiftplan.roster_io"}
    assert shiftplan <= allowed


# --- coverage recount -----------------------------------------------------------------


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
