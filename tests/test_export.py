"""Publishing: calendars, the workbook and the per-day CSV, checked by real parsers."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from scenario_factory import (
    QUEUES,
    default_agents,
    stamp,
    with_row,
    write_tiny_scenario,
)
from shiftplan import SolveParams, load_scenario, read_roster, solve
from shiftplan.export import export_roster
from shiftplan.roster_io import write_roster_csv
from shiftplan.scenario.models import Scenario
from shiftplan.validate import assert_valid

START = date(2027, 3, 22)
DAYS = 14


def two_week_scenario(folder: Path) -> Scenario:
    """Two weeks over the EU change (2027-03-28) and Sydney's April change (2027-04-04).

    Berlin and Sydney work nights (22:00 starts), so one night shift in each
    crosses its zone's clock change; public holidays are off to keep the
    hand-made roster simple.
    """
    origin = datetime(START.year, START.month, START.day, tzinfo=UTC)
    forecast = [
        {"queue": queue, "interval_start": stamp(origin + timedelta(hours=k)), "contacts": 2}
        for queue in QUEUES
        for k in range(DAYS * 24)
    ]
    night = {
        "hours_per_week": {"min": 16, "max": 40},
        "shift_hours": [8],
        "days_per_week": {"min": 2, "max": 5},
        "start_window": {"earliest": "21:00", "latest": "23:00"},
        "start_step_minutes": 60,
        "min_rest_hours": 11,
        "max_consecutive_days": 6,
    }
    agents = with_row(default_agents(), 0, contract="night")
    agents = with_row(agents, 3, contract="night")
    path = write_tiny_scenario(
        folder,
        settings={
            "horizon": {"days": DAYS},
            "public_holidays": False,
            "contracts": {"night": night},
        },
        agents=agents,
        forecast=forecast,
    )
    return load_scenario(path)


def hand_roster(scenario: Scenario) -> pd.DataFrame:
    """Nights for DE1 and AU1 (one across each clock change), days for US1 and PH1."""
    plan = {
        "DE1": (22, [(3, 22), (3, 23), (3, 24), (3, 27), (3, 30), (3, 31), (4, 1), (4, 3)]),
        "AU1": (22, [(3, 22), (3, 23), (3, 24), (3, 27), (3, 30), (3, 31), (4, 1), (4, 3)]),
        "US1": (9, [(3, 22), (3, 23), (3, 29), (3, 30)]),
        "PH1": (9, [(3, 22), (3, 23), (3, 29), (3, 30)]),
    }
    rows = []
    for agent_id, (hour, days) in plan.items():
        agent = scenario.agent(agent_id)
        zone = ZoneInfo(agent.timezone)
        for month, day in days:
            start = datetime(2027, month, day, hour, tzinfo=zone)
            end = (start.astimezone(UTC) + timedelta(hours=8)).astimezone(zone)
            rows.append(
                {
                    "agent_id": agent_id,
                    "agent_name": agent.name,
                    "timezone": agent.timezone,
                    "local_date": date(2027, month, day),
                    "start_local": pd.Timestamp(start),
                    "end_local": pd.Timestamp(end),
                    "start_utc": pd.Timestamp(start.astimezone(UTC)),
                    "end_utc": pd.Timestamp(end.astimezone(UTC)),
                    "paid_hours": 8.0,
                }
            )
    return pd.DataFrame(rows)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def events(path: Path) -> list[tuple[str, datetime, datetime, str]]:
    """(UID, start UTC, end UTC, TZID of DTSTART) of every VEVENT, parsed by icalendar."""
    calendar = Calendar.from_ical(path.read_bytes())
    found = []
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"]
        found.append(
            (
                str(event["UID"]),
                start.dt.astimezone(UTC),
                event["DTEND"].dt.astimezone(UTC),
                str(start.params.get("TZID")),
            )
        )
    return found


def test_calendars_match_the_roster_in_utc_across_clock_changes(tmp_path: Path) -> None:
    scenario = two_week_scenario(tmp_path / "scenario")
    shifts = hand_roster(scenario)
    assert_valid(scenario, shifts)
    write_roster_csv(shifts, tmp_path / "roster.csv")
    with (tmp_path / "roster.csv").open(newline="") as handle:
        expected: dict[str, set[tuple[datetime, datetime]]] = defaultdict(set)
        for row in csv.DictReader(handle):
            expected[row["agent_id"]].add((utc(row["start_utc"]), utc(row["end_utc"])))

    written = export_roster(scenario, shifts, tmp_path / "out", "ics")
    folder = written["ics"]
    for agent in scenario.agents:
        path = folder / f"{agent.id}.ics"
        found = events(path)
        assert {(start, end) for _, start, end, _ in found} == expected[agent.id]
        assert {zone for *_, zone in found} == {agent.timezone}
        zones = [str(tz["TZID"]) for tz in Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE")]
        assert zones == [agent.timezone]
        assert len({uid for uid, *_ in found}) == len(found)
    team_events = events(folder / "team.ics")
    team = {(start, end) for _, start, end, _ in team_events}
    assert team == set().union(*expected.values())
    team_uids = [uid for uid, *_ in team_events]
    assert len(set(team_uids)) == len(team_uids) == len(shifts)
    assert all(uid.startswith("team-shift-") for uid in team_uids)
    zones = [
        str(tz["TZID"])
        for tz in Calendar.from_ical((folder / "team.ics").read_bytes()).walk("VTIMEZONE")
    ]
    assert sorted(zones) == sorted({agent.timezone for agent in scenario.agents})

    # The night of the EU change: 22:00 CET to 07:00 CEST is eight hours elapsed.
    berlin = {start: end for _, start, end, _ in events(folder / "DE1.ics")}
    assert berlin[datetime(2027, 3, 27, 21, tzinfo=UTC)] == datetime(2027, 3, 28, 5, tzinfo=UTC)
    # Sydney's April change: 22:00 AEDT (UTC+11) to 05:00 AEST (UTC+10).
    sydney = {start: end for _, start, end, _ in events(folder / "AU1.ics")}
    assert sydney[datetime(2027, 4, 3, 11, tzinfo=UTC)] == datetime(2027, 4, 3, 19, tzinfo=UTC)


def test_a_moved_shift_keeps_its_event_uid(tmp_path: Path) -> None:
    scenario = two_week_scenario(tmp_path / "scenario")
    shifts = hand_roster(scenario)
    first = {uid: start for uid, start, *_ in events(
        export_roster(scenario, shifts, tmp_path / "a", "ics")["ics"] / "DE1.ics"
    )}  # fmt: skip
    moved = shifts.copy()
    later = pd.Timedelta(hours=1)
    row = moved.index[moved["agent_id"] == "DE1"][0]
    for column in ("start_local", "end_local", "start_utc", "end_utc"):
        moved.loc[row, column] = moved.loc[row, column] + later
    assert_valid(scenario, moved)
    second = {uid: start for uid, start, *_ in events(
        export_roster(scenario, moved, tmp_path / "b", "ics")["ics"] / "DE1.ics"
    )}  # fmt: skip
    assert set(first) == set(second)
    changed = [uid for uid in first if first[uid] != second[uid]]
    assert len(changed) == 1
    assert second[changed[0]] - first[changed[0]] == timedelta(hours=1)


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, pd.DataFrame, Path]:
    """The tiny scenario solved once (first roster and a short search), with a
    formula-like agent name, exported in all three formats."""
    folder = tmp_path_factory.mktemp("solved")
    agents = with_row(default_agents(), 0, name='=HYPERLINK("x")')
    scenario = load_scenario(write_tiny_scenario(folder / "scenario", agents=agents))
    result = solve(scenario, params=SolveParams(time_limit=2, workers=1))
    assert result.roster is not None
    assert_valid(scenario, result.roster.shifts)
    export_roster(
        scenario,
        result.roster.shifts,
        folder / "out",
        "xlsx,ics,csv",
        coverage=result.coverage,
    )
    write_roster_csv(result.roster.shifts, folder / "out" / "roster.csv")
    return scenario, result.roster.shifts, folder / "out"


def key(frame: pd.DataFrame) -> set[tuple[str, date, datetime, datetime, float]]:
    return {
        (
            str(row["agent_id"]),
            pd.Timestamp(row["local_date"]).date(),
            pd.Timestamp(row["start_utc"]).to_pydatetime(),
            pd.Timestamp(row["end_utc"]).to_pydatetime(),
            float(row["paid_hours"]),
        )
        for row in frame.to_dict("records")
    }


def test_the_workbook_reads_back_as_the_roster(
    solved: tuple[Scenario, pd.DataFrame, Path],
) -> None:
    scenario, shifts, out = solved
    back = read_roster(out / "roster.xlsx", scenario)
    assert key(back) == key(shifts)
    assert key(read_roster(out / "roster.csv", scenario)) == key(shifts)
    workbook = load_workbook(out / "roster.xlsx")
    weeks = [sheet for sheet in workbook.worksheets if sheet.title.startswith("Week")]
    assert len(weeks) == 1
    assert weeks[0].freeze_panes == "D3"
    assert {"Coverage", "Agents"} <= set(workbook.sheetnames)
    agents = workbook["Agents"]
    hours = {row[0]: row[4] for row in agents.iter_rows(min_row=2, values_only=True)}
    for agent in scenario.agents:
        paid = shifts.loc[shifts["agent_id"] == agent.id, "paid_hours"].sum()
        assert hours[agent.id] == round(paid * 2) / 2


def test_a_formula_like_name_stays_text(solved: tuple[Scenario, pd.DataFrame, Path]) -> None:
    _, _, out = solved
    name = '=HYPERLINK("x")'
    workbook = load_workbook(out / "roster.xlsx")
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == name
    ]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    for file_name in ("roster_days.csv", "roster.csv"):
        with (out / file_name).open(newline="") as handle:
            names = {row["agent_name"] for row in csv.DictReader(handle)}
        assert "'" + name in names
        assert name not in names
    assert name in set(read_roster(out / "roster.csv")["agent_name"])


def test_the_day_csv_has_every_agent_day_in_the_report_zone(
    solved: tuple[Scenario, pd.DataFrame, Path],
) -> None:
    scenario, shifts, out = solved
    frame = pd.read_csv(out / "roster_days.csv", dtype=str, keep_default_na=False)
    assert len(frame) == len(scenario.agents) * scenario.horizon.days
    zone = scenario.report_zone.key
    worked = frame[frame["day"] == "shift"]
    assert len(worked) == len(shifts)
    starts = {
        pd.Timestamp(text).tz_localize(zone, ambiguous="raise")
        for text in worked[f"start ({zone})"]
    }
    assert starts == {pd.Timestamp(stamp).tz_convert(zone) for stamp in shifts["start_utc"]}
