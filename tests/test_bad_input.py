"""Every bad input is a clear exit 2 naming file, row, field and value; never a traceback.

One test per class of the hardening pass (issue 11), run through the CLI in
process. Each asserts the precise message, and that nothing was written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenario_factory import (
    default_agents,
    default_forecast,
    default_settings,
    forecast_index,
    with_row,
    write_tiny_scenario,
)
from shiftplan.cli import EXIT_BAD_INPUT, EXIT_UNEXPECTED, app, main


def run(*args: str) -> tuple[int, str]:
    """Run ``shiftplan ARGS``; the exit code and the output, which never holds a traceback."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def queue_setting(index: int, **changes: Any) -> dict[str, Any]:
    queues = default_settings()["queues"]
    queues[index].update(changes)
    return {"queues": queues}


INF_CASES = {
    "queues.0.aht_seconds": queue_setting(0, aht_seconds=float("inf")),
    "queues.0.service_level.answer_within_seconds": queue_setting(
        0, service_level={"target": 0.8, "answer_within_seconds": float("inf")}
    ),
    "queues.1.respond_within_hours": queue_setting(1, respond_within_hours=float("inf")),
    "queues.0.concurrency_factor": queue_setting(0, concurrency=2, concurrency_factor=float("inf")),
    "contracts.day.shift_hours.0": {"contracts": {"day": {"shift_hours": [float("inf")]}}},
    "contracts.day.hours_per_week.max": {
        "contracts": {"day": {"hours_per_week": {"min": 16, "max": float("inf")}}}
    },
    "weights.late_contacts": {"weights": {"late_contacts": float("inf")}},
}


@pytest.mark.parametrize("field", sorted(INF_CASES))
def test_infinity_in_a_numeric_field_is_named(tmp_path: Path, field: str) -> None:
    path = write_tiny_scenario(tmp_path, settings=INF_CASES[field])
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert f"field '{field}': Input should be a finite number (value: inf)" in output


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ("2027-02-30", "day value is outside expected range"),
        ("2027-13-01", "month value is outside expected range of 1-12"),
        ("9999-12-25", "Input should be less than or equal to 2199-12-01"),
    ],
)
def test_impossible_horizon_start_is_named(tmp_path: Path, start: str, reason: str) -> None:
    path = write_tiny_scenario(tmp_path, yaml_edit=lambda text: text.replace("2027-03-22", start))
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "scenario.yaml row 3, field 'horizon.start'" in output
    assert reason in output
    assert f"(value: '{start}')" in output


def test_yaml_nested_a_thousand_deep_is_refused(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, yaml_edit=lambda text: text + "x: " + "[" * 1000)
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "YAML syntax error: nested more than 50 levels deep" in output


def test_a_duplicate_yaml_key_names_both_lines(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, yaml_edit=lambda text: text + "shrinkage: 0.9\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, 1) if line.startswith("shrinkage:"))
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert (
        f"field 'shrinkage': key 'shrinkage' is written twice, on lines {first} and {len(lines)}"
        in output
    )


def test_a_stray_quote_in_a_large_csv_names_its_row(tmp_path: Path) -> None:
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-23T10:00:00Z")
    path = write_tiny_scenario(tmp_path)
    forecast = tmp_path / "forecast.csv"
    lines = forecast.read_text(encoding="utf-8").splitlines()
    # Enough rows after the quote to pass the csv module's 128 KB field limit.
    padding = lines[1:] * 40
    lines[index + 1] = lines[index + 1].rsplit(",", 1)[0] + ',"12'
    lines += padding
    forecast.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert f"forecast.csv row {index + 2}: a quoted cell starts here and never ends" in output


def test_a_csv_path_pointing_elsewhere_is_not_echoed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n", encoding="utf-8")
    path = write_tiny_scenario(tmp_path, settings={"agents": str(secret)})
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "secret.txt row 1: is not a CSV file of the expected shape" in output
    assert "hashhash" not in output and "saltsalt" not in output


def test_a_semicolon_csv_gets_a_hint(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path)
    agents = tmp_path / "agents.csv"
    agents.write_text(agents.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "the file separates columns with ';'; save it as CSV with commas" in output


def test_a_folder_named_as_a_csv_is_not_called_missing(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, settings={"time_off": "holidays"})
    (tmp_path / "holidays").mkdir()
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "holidays: is a folder, not a CSV file" in output


def test_a_date_only_forecast_timestamp_is_refused(tmp_path: Path) -> None:
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-23T00:00:00Z")
    path = write_tiny_scenario(
        tmp_path, forecast=with_row(rows, index, interval_start="2027-03-23")
    )
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert (
        f"forecast.csv row {index + 2}, field 'interval_start': is a date without a time of day"
        in output
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"max_occupancy": 1e-9},
            "field 'queues.0.max_occupancy': Input should be greater than or equal to 0.1",
        ),
        (
            {"aht_seconds": 480000000},
            "field 'queues.0.aht_seconds': Input should be less than or equal to 86400",
        ),
    ],
)
def test_absurd_queue_values_are_refused(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = write_tiny_scenario(tmp_path, settings=queue_setting(0, **changes))
    code, output = run("staffing", str(path))
    assert code == EXIT_BAD_INPUT
    assert message in output


def test_absurd_contacts_are_refused(tmp_path: Path) -> None:
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-23T10:00:00Z")
    path = write_tiny_scenario(tmp_path, forecast=with_row(rows, index, contacts=1e12))
    code, output = run("staffing", str(path))
    assert code == EXIT_BAD_INPUT
    assert (
        f"forecast.csv row {index + 2}, field 'contacts': "
        "is more than 100,000 contacts in one interval" in output
    )


def test_weights_above_the_bound_are_refused(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, settings={"weights": {"fairness": 1e300}})
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "field 'weights.fairness': Input should be less than or equal to 1000" in output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-limit", "-5", "--time-limit -5.0: give a positive number"),
        ("--time-limit", "nan", "--time-limit nan: give a positive number"),
        ("--workers", "-3", "--workers -3: give a whole number from 0 to 256"),
    ],
)
def test_bad_solve_options_are_refused(
    tiny_scenario_dir: Path, tmp_path: Path, option: str, value: str, message: str
) -> None:
    out = tmp_path / "out"
    code, output = run("solve", str(tiny_scenario_dir), "--out", str(out), option, value)
    assert code == EXIT_BAD_INPUT
    assert message in output
    assert not out.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("20", "--change: '20' needs a sign or a percent sign: +20% or -20%"),
        ("-150%", "would remove every contact or more"),
        ("lots", "is not a percentage like +20% or -10%"),
    ],
)
def test_whatif_volume_change_must_say_what_it_means(
    tiny_scenario_dir: Path, change: str, message: str
) -> None:
    code, output = run("whatif", "volume", str(tiny_scenario_dir), "--change", change)
    assert code == EXIT_BAD_INPUT
    assert message in output


def test_init_on_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "scenario.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    code, output = run("init", str(existing))
    assert code == EXIT_BAD_INPUT
    assert f"{existing}: is a file; give a new folder for the scenario" in output
    assert existing.read_text(encoding="utf-8") == "mine\n"


def test_an_unexpected_error_is_one_line_and_exit_70(
    tiny_scenario_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fault injection: a bug deep in staffing must not print a raw traceback."""
    import shiftplan.staffing.requirements as requirements

    def broken(*args: object, **kwargs: object) -> None:
        msg = "injected fault"
        raise RuntimeError(msg)

    monkeypatch.setattr(requirements, "requirements_frame", broken)
    for debug in ([], ["--debug"]):
        monkeypatch.setattr(sys, "argv", ["shiftplan", *debug, "staffing", str(tiny_scenario_dir)])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == EXIT_UNEXPECTED
        err = capsys.readouterr().err
        assert (
            "shiftplan: unexpected error while computing staffing (RuntimeError: injected fault). "
            "This is a bug in shiftplan, not in your input" in err
        )
        assert ("Traceback" in err) == bool(debug)


def test_ctrl_c_outside_a_solve_exits_130(
    tiny_scenario_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shiftplan.staffing.requirements as requirements

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(requirements, "requirements_frame", interrupted)
    monkeypatch.setattr(sys, "argv", ["shiftplan", "staffing", str(tiny_scenario_dir)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 130
    err = capsys.readouterr().err
    assert "Interrupted while computing staffing; nothing was written." in err
    assert "Traceback" not in err


def test_an_agent_id_that_spreadsheets_would_run_is_refused(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, agents=with_row(default_agents(), 1, id="=1+1"))
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert (
        "agents.csv row 3, field 'id': starts with '=', which spreadsheets run as a formula"
        in output
    )


def test_a_fixed_offset_zone_gets_a_warning(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, settings={"report_timezone": "EST"})
    code, output = run("validate", str(path))
    assert code == 0, output
    assert (
        "Warning: time zone 'EST' (report_timezone) is a fixed offset with no daylight saving time"
        in output
    )


def test_an_unclosed_bracket_is_reported_on_its_own_line(tmp_path: Path) -> None:
    path = write_tiny_scenario(
        tmp_path, yaml_edit=lambda text: text.replace("shrinkage: 0.2", "shrinkage: [0.2")
    )
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("shrinkage:")
    )
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert f"scenario.yaml row {line}: YAML syntax error" in output


def test_a_total_hours_clash_names_total_hours(tmp_path: Path) -> None:
    path = write_tiny_scenario(
        tmp_path / "team", settings={"contracts": {"day": {"total_hours": {"min": 60, "max": 60}}}}
    )
    out = tmp_path / "out"
    code, output = run("solve", str(path), "--out", str(out), "--time-limit", "5", "--quiet")
    assert code == 3, output
    assert "'weekly hours and days' (total_hours 60-60 h over the cycle)" in output
    assert "1 day off)" in output or "1 days off" not in output


def test_overlapping_shifts_are_called_an_overlap_not_negative_rest(tmp_path: Path) -> None:
    from shiftplan.validate import validate_roster
    from validator_scenario import b1_rows, roster, shift, without, write_scenario

    b1 = [*without(b1_rows(), "03-09 03-10"), shift("B1", "03-09", "20:00")]
    b1.append(shift("B1", "03-10", "01:00"))
    violations = validate_roster(write_scenario(tmp_path), roster(b1=b1))
    details = [v.detail for v in violations if v.rule == "minimum rest"]
    assert any("overlaps the" in detail and "by 3 h" in detail for detail in details), details
    assert not any("-3 h" in detail for detail in details)


def test_schema_errors_do_not_hide_csv_problems(tmp_path: Path) -> None:
    """Five deliberate mistakes, YAML and CSV, all reported in one run."""
    queues = default_settings()["queues"]
    queues[0]["aht_seconds"] = -5
    agents = with_row(default_agents(), 0, timezone="Europe/Pariss")
    agents = with_row(agents, 1, contract="nite")
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-23T10:00:00Z")
    path = write_tiny_scenario(
        tmp_path,
        settings={"queues": queues, "shrinkage": 1.5},
        agents=agents,
        forecast=with_row(rows, index, contacts="many"),
    )
    code, output = run("validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert "5 problems in the scenario" in output
    assert "field 'queues.0.aht_seconds': Input should be greater than 0 (value: -5)" in output
    assert "field 'shrinkage': Input should be less than 1 (value: 1.5)" in output
    assert "agents.csv row 2, field 'timezone': 'Europe/Pariss' is not an IANA time zone" in output
    assert "agents.csv row 3, field 'contract': unknown contract 'nite'" in output
    assert f"forecast.csv row {index + 2}, field 'contacts': is not a number" in output


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["solve", "--seed", "99999999999"],
            "--seed 99999999999: give a whole number from 0 to 2147483647",
        ),
        (["whatif", "hire", "--count", "0"], "--count 0: give a whole number from 1 to 50"),
        (["whatif", "hire", "--top", "-1"], "--top -1: give a whole number from 1 to 1000"),
        (
            ["whatif", "leave", "--agent", "DE1", "--workers", "-3"],
            "--workers -3: give a whole number from 0 to 256",
        ),
    ],
)
def test_out_of_range_counts_are_refused(
    tiny_scenario_dir: Path, tmp_path: Path, command: list[str], message: str
) -> None:
    group = command[:2] if command[0] == "whatif" else command[:1]
    rest = command[len(group) :]
    out = [] if command[:2] == ["whatif", "leave"] else ["--out", str(tmp_path / "out.csv")]
    code, output = run(*group, str(tiny_scenario_dir), *rest, *out)
    assert code == EXIT_BAD_INPUT, output
    assert message in output
