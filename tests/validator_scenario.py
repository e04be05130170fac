"""The validator tests' hand-written scenario and roster helpers (tests/validate/).

The scenario runs 31 days from Monday 2027-03-08 to Wednesday 2027-04-07, so
that each agent's clock change falls inside it (New York 2027-03-14, Berlin
2027-03-28, Sydney 2027-04-04) and the last 7-day block is 3 days short.

Agents under strict contracts (B1, N1, S1) carry the valid roster; agents
under a lax "flex" contract (FB, FN, FS) are idle in it and get shifts only
in the tests of single rules, so that a shift of theirs breaks nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario
from shiftplan.validate import (
    Violation,
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


def assert_breaks_only(
    scenario: Scenario, case: str, rule: str, build: Callable[[], pd.DataFrame]
) -> None:
    """The roster ``build()`` breaks ``rule`` and no other."""
    found = validate_roster(scenario, build())
    assert found, f"{case}: no violation found"
    assert rules(found) == {rule}, "\n".join(map(str, found))
