"""The round trip: publish, edit in a spreadsheet, validate, re-solve around the edits."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from shiftplan import load_scenario, read_roster
from shiftplan.cli import app
from shiftplan.validate import assert_valid


def run(*args: str) -> tuple[int, str]:
    """Run ``shiftplan ARGS``; return the exit code and stdout plus stderr."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


SPAN = re.compile(r"^(\d\d):00-(\d\d):00$")


def edit_workbook(source: Path, target: Path) -> tuple[tuple[str, str, str], tuple[str, str]]:
    """Move one 08:00 shift two hours later and remove another agent's shift.

    Returns (agent, day, new cell) of the moved shift and (agent, day) of the
    removed one; the removed shift belongs to an agent with three or more
    shifts that week, so the weekly minimums still hold.
    """
    workbook = load_workbook(source)
    sheet = next(sheet for sheet in workbook.worksheets if sheet.title.startswith("Week"))
    days = {
        column: cell.value.date()
        for column, cell in enumerate(sheet[2])
        if isinstance(cell.value, datetime)
    }
    moved = removed = None
    for row in sheet.iter_rows(min_row=3):
        agent = row[0].value
        if not agent:
            continue
        shifts = [(c, row[c].value) for c in days if row[c].value and SPAN.match(row[c].value)]
        if moved is None:
            for column, text in shifts:
                start = SPAN.match(text)
                assert start is not None
                if start[1] == "08":
                    row[column].value = "10:00-18:00"
                    moved = (agent, str(days[column]), "10:00-18:00")
                    break
            if moved is not None:
                continue
        if removed is None and len(shifts) >= 3:
            column = shifts[-1][0]
            row[column].value = None
            removed = (agent, str(days[column]))
    assert moved is not None
    assert removed is not None
    workbook.save(target)
    return moved, removed


def shifts_of(path: Path) -> dict[tuple[str, str], str]:
    with path.open(newline="") as handle:
        return {
            (row["agent_id"], row["local_date"]): row["start_local"][11:16]
            for row in csv.DictReader(handle)
        }


def test_an_edited_workbook_validates_and_a_locked_resolve_keeps_it(
    tiny_scenario_dir: Path, tmp_path: Path
) -> None:
    scenario = str(tiny_scenario_dir)
    out = tmp_path / "out"
    code, output = run(
        "solve", scenario, "--out", str(out), "--time-limit", "2", "--export", "xlsx,ics", "--quiet"
    )
    assert code == 0, output
    assert (out / "roster.xlsx").is_file()
    assert (out / "calendars" / "team.ics").is_file()

    edited = tmp_path / "edited.xlsx"
    (agent, day, _), (gone_agent, gone_day) = edit_workbook(out / "roster.xlsx", edited)
    code, output = run("validate", scenario, "--roster", str(edited))
    assert code == 0, output

    again = tmp_path / "again"
    code, output = run(
        "solve", scenario, "--out", str(again), "--time-limit", "2", "--lock", str(edited),
        "--quiet",
    )  # fmt: skip
    assert code == 0, output
    loaded = load_scenario(tiny_scenario_dir)
    assert_valid(loaded, again / "roster.csv")
    result = shifts_of(again / "roster.csv")
    assert result[agent, day] == "10:00"
    assert (gone_agent, gone_day) not in result
    locked = read_roster(edited, loaded)
    assert {(a, str(d)) for a, d in zip(locked["agent_id"], locked["local_date"], strict=True)} == (
        set(result)
    )

    # Lock only the first three days: they stay as edited, the rest is re-rostered.
    until = "2027-03-25"
    partial = tmp_path / "partial"
    code, output = run(
        "solve", scenario, "--out", str(partial), "--time-limit", "2", "--lock", str(edited),
        "--lock-until", until, "--quiet",
    )  # fmt: skip
    assert code == 0, output
    assert_valid(loaded, partial / "roster.csv")
    before = {
        key: value for key, value in shifts_of(partial / "roster.csv").items() if key[1] < until
    }
    wanted = {
        (a, str(d)): f"{s:%H:%M}"
        for a, d, s in zip(
            locked["agent_id"], locked["local_date"], locked["start_local"], strict=True
        )
        if str(d) < until
    }
    assert before == wanted


def test_a_locked_shift_that_breaks_a_rule_or_cannot_be_read_is_exit_2(
    tiny_scenario_dir: Path, tmp_path: Path
) -> None:
    scenario = str(tiny_scenario_dir)
    out = tmp_path / "out"
    code, output = run("solve", scenario, "--out", str(out), "--time-limit", "1", "--quiet")
    assert code == 0, output
    code, output = run("export", str(out), "--format", "xlsx")
    assert code == 0, output
    workbook = load_workbook(out / "roster.xlsx")
    sheet = workbook.worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "DE1")
    row[3].value = "03:00-11:00"  # Monday 2027-03-22, outside the 08:00-10:00 window
    early = tmp_path / "early.xlsx"
    workbook.save(early)
    code, output = run("solve", scenario, "--out", str(tmp_path / "x"), "--lock", str(early))
    assert code == 2, output
    assert "DE1: start window: shift of 2027-03-22" in output
    assert "starts at 03:00 local, outside the start window 08:00-10:00" in output

    row[3].value = "7-15"
    garbled = tmp_path / "garbled.xlsx"
    workbook.save(garbled)
    code, output = run("solve", scenario, "--out", str(tmp_path / "y"), "--lock", str(garbled))
    assert code == 2, output
    assert f"garbled.xlsx, sheet '{sheet.title}', cell D" in output
    assert "'7-15' is not a shift like 07:00-15:00" in output


def test_roster_files_that_cannot_be_read_name_the_cell(
    tiny_scenario_dir: Path, tmp_path: Path
) -> None:
    scenario = str(tiny_scenario_dir)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, output = run(
        "solve", scenario, "--out", str(tmp_path / "o"), "--initial-roster", str(empty)
    )
    assert code == 2, output
    assert "empty.csv: file is empty" in output

    header = (
        "agent_id,agent_name,timezone,local_date,start_local,end_local,start_utc,end_utc,paid_hours"
    )
    good = ",".join(
        [
            "DE1", "Anna", "Europe/Berlin", "2027-03-22", "2027-03-22T09:00:00+01:00",
            "2027-03-22T17:00:00+01:00", "2027-03-22T08:00:00Z", "2027-03-22T16:00:00Z", "8.0",
        ]
    )  # fmt: skip
    bad_stamp = tmp_path / "bad_stamp.csv"
    bad_stamp.write_text(f"{header}\n{good}\n{good.replace('2027-03-22T08:00:00Z', 'yesterday')}\n")
    code, output = run(
        "solve", scenario, "--out", str(tmp_path / "o"), "--initial-roster", str(bad_stamp)
    )
    assert code == 2, output
    assert "bad_stamp.csv row 3, field 'start_utc'" in output
    assert "'yesterday'" in output

    huge = tmp_path / "huge.csv"
    huge.write_text(f"{header}\n{good.removesuffix('8.0')}1e308\n")
    code, output = run("validate", scenario, "--roster", str(huge))
    assert code == 2, output
    assert "huge.csv row 2, field 'paid_hours'" in output
    assert "'1e308'" in output

    # A local time edited in a spreadsheet, UTC columns untouched: local times decide.
    moved = tmp_path / "moved.csv"
    moved.write_text(
        f"{header}\n"
        + good.replace("T09:00:00+01:00", "T10:00:00+01:00").replace(
            "T17:00:00+01:00", "T18:00:00+01:00"
        )
        + "\n"
    )
    loaded = load_scenario(tiny_scenario_dir)
    frame = read_roster(moved, loaded)
    assert frame.loc[0, "start_utc"] == pd.Timestamp("2027-03-22T09:00:00Z")
    code, output = run("validate", scenario, "--roster", str(moved))
    assert "consistent times" not in output
    assert "start_utc 2027-03-22T08:00:00Z recomputed as 2027-03-22T09:00:00Z" in output


def test_a_valid_lock_the_generator_would_not_make_is_kept(tmp_path: Path) -> None:
    """The second 02:30 of the EU autumn night is a valid start no candidate has."""
    from datetime import UTC, date, timedelta

    from scenario_factory import QUEUES, default_agents, stamp, with_row, write_tiny_scenario
    from shiftplan import SolveParams, solve

    start = date(2027, 10, 25)
    origin = datetime(2027, 10, 25, tzinfo=UTC)
    forecast = [
        {"queue": queue, "interval_start": stamp(origin + timedelta(hours=k)), "contacts": 2}
        for queue in QUEUES
        for k in range(7 * 24)
    ]
    early = {
        "hours_per_week": {"min": 16, "max": 40},
        "shift_hours": [8],
        "days_per_week": {"min": 2, "max": 5},
        "start_window": {"earliest": "01:00", "latest": "03:00"},
        "start_step_minutes": 30,
        "min_rest_hours": 11,
        "max_consecutive_days": 6,
    }
    path = write_tiny_scenario(
        tmp_path,
        settings={
            "horizon": {"start": start},
            "public_holidays": False,
            "contracts": {"early": early},
        },
        agents=with_row(default_agents(), 0, contract="early"),
        forecast=forecast,
        time_off=[{"agent_id": "US1", "first_day": "2027-10-26", "last_day": "2027-10-26"}],
    )
    scenario = load_scenario(path)
    second = datetime.fromisoformat("2027-10-31T02:30:00+01:00")  # after the clocks went back
    starts = [datetime.fromisoformat("2027-10-27T02:00:00+02:00"), second]
    locked = pd.DataFrame(
        [
            {
                "agent_id": "DE1",
                "agent_name": "Anna Schmidt",
                "timezone": "Europe/Berlin",
                "local_date": begin.date(),
                "start_local": pd.Timestamp(begin).tz_convert("Europe/Berlin"),
                "end_local": pd.Timestamp(begin + timedelta(hours=8)).tz_convert("Europe/Berlin"),
                "start_utc": pd.Timestamp(begin).tz_convert("UTC"),
                "end_utc": pd.Timestamp(begin + timedelta(hours=8)).tz_convert("UTC"),
                "paid_hours": 8.0,
            }
            for begin in starts
        ]
    )
    result = solve(scenario, params=SolveParams(time_limit=2, workers=1, locked=locked))
    assert result.roster is not None
    shifts = result.roster.shifts
    assert_valid(scenario, shifts)
    de1 = shifts[shifts["agent_id"] == "DE1"]
    assert pd.Timestamp("2027-10-31T01:30:00Z") in set(de1["start_utc"])
    # Every other day of DE1 in the cycle is locked off: the file is the truth for them.
    assert len(de1) == 2
