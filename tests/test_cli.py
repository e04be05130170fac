"""The ``shiftplan`` command, run in-process through Typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from scenario_factory import QUEUES, grid_starts, stamp
from shiftplan import __version__
from shiftplan.cli import app


def run(*args: str) -> tuple[int, str]:
    """Run ``shiftplan ARGS``; return the exit code and stdout plus stderr."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def files_below(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its content."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_version_prints_the_version() -> None:
    code, output = run("--version")
    assert code == 0
    assert output.strip() == f"shiftplan {__version__}"


def test_validate_summarises_a_valid_scenario(tiny_scenario_dir: Path) -> None:
    code, output = run("validate", str(tiny_scenario_dir))
    assert code == 0, output
    assert "Agents: 4" in output
    assert (
        "by time zone: America/New_York 1, Asia/Manila 1, Australia/Sydney 1, Europe/Berlin 1"
        in output
    )
    dst = output.split("Daylight-saving changes inside the horizon:")[1]
    # Berlin springs forward at 02:00 on Sunday 2027-03-28; New York changed on
    # 2027-03-14 and Sydney changes on 2027-04-04, both outside the week.
    assert "Europe/Berlin (1 agents): 2027-03-28 03:00 local, clocks +1 h" in dst
    assert "America/New_York" not in dst
    assert "Australia/Sydney" not in dst
    assert "No problems found." in output


def test_validate_writes_nothing(tiny_scenario_dir: Path) -> None:
    before = files_below(tiny_scenario_dir.parent)
    code, _ = run("validate", str(tiny_scenario_dir))
    assert code == 0
    assert files_below(tiny_scenario_dir.parent) == before


def test_schema_prints_the_json_schema() -> None:
    code, output = run("schema")
    assert code == 0
    schema = json.loads(output)
    assert {"horizon", "queues"} <= set(schema["properties"])


def test_init_writes_a_scenario_that_validates(tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    code, output = run("init", str(folder))
    assert code == 0, output
    written = sorted(folder.glob("*.yaml"))
    assert len(written) == 1, sorted(folder.iterdir())
    assert str(written[0]) in output

    code, output = run("validate", str(written[0]))
    assert code == 0, output
    assert "No problems found." in output


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine, keep it\n", encoding="utf-8")
    before = files_below(tmp_path)
    code, output = run("init", str(tmp_path))
    assert code == 2
    assert "not empty" in output
    assert files_below(tmp_path) == before


def test_staffing_writes_one_row_per_interval_and_queue(
    tiny_scenario_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "req.csv"
    code, output = run("staffing", str(tiny_scenario_dir), "--out", str(out))
    assert code == 0, output
    assert "Total required" in output

    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        rows = list(reader)
    assert {"interval_start_utc", "queue", "required", "service_level"} <= set(columns)
    keys = [(row["interval_start_utc"], row["queue"]) for row in rows]
    expected = {(stamp(moment), queue) for moment in grid_starts() for queue in QUEUES}
    assert len(keys) == len(expected) == 7 * 24 * 2
    assert set(keys) == expected
    assert all(int(row["required"]) >= 0 for row in rows)
    busy = [row for row in rows if row["queue"] == "chat" and float(row["contacts"]) > 0]
    assert busy
    assert all(0 < float(row["service_level"]) <= 1 for row in busy)


def test_validate_checks_a_roster_edited_by_hand(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    """`validate --roster` passes the solver's roster and names what a hand edit broke."""
    out = tmp_path / "out"
    code, output = run("solve", str(tiny_scenario_dir), "--out", str(out), "--time-limit", "5")
    assert code == 0, output
    code, output = run("validate", str(tiny_scenario_dir), "--roster", str(out / "roster.csv"))
    assert code == 0, output
    assert "keeps every hard rule" in output

    with (out / "roster.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    edited = tmp_path / "edited.csv"
    with edited.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        writer.writerow(rows[0])  # the same shift twice: two shifts on one local day
    code, output = run("validate", str(tiny_scenario_dir), "--roster", str(edited))
    assert code == 1, output
    agent = rows[0]["agent_id"]
    assert f"{agent}  one shift per day: 2 shifts on {rows[0]['local_date']}" in output

    # A cell that cannot be read is bad input (exit 2), named by row (header = row 1).
    unreadable = tmp_path / "unreadable.csv"
    with unreadable.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        writer.writerow({**rows[-1], "paid_hours": "eight"})
    code, output = run("validate", str(tiny_scenario_dir), "--roster", str(unreadable))
    assert code == 2, output
    assert f"unreadable.csv row {len(rows) + 2}, field 'paid_hours'" in output
    assert "'eight'" in output

    lacking = tmp_path / "lacking.csv"
    with lacking.open("w", newline="") as handle:
        fields = [field for field in rows[0] if field != "end_local"]
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    code, output = run("validate", str(tiny_scenario_dir), "--roster", str(lacking))
    assert code == 2
    assert "lacking.csv: the roster lacks column(s) end_local" in output
