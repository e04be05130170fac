"""Broken scenarios, broken the way a new user breaks them.

Each case starts from the tiny valid scenario of :mod:`scenario_factory`,
makes one mistake, and checks two things:

* :func:`load_scenario` raises a :class:`ScenarioError` with a problem that
  names the file, the row (as a spreadsheet shows it, or the YAML line), the
  field and the value the user has to fix;
* ``shiftplan validate`` exits with code 2 and prints that problem, without a
  traceback.

Neither may write anything into the scenario folder. Cases the loader gets
wrong today are marked ``xfail(strict=True)`` with the reason, so that they
turn into failures (to be unmarked) the day the loader is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenario_factory import (
    REMOVE,
    default_agents,
    default_forecast,
    default_settings,
    default_time_off,
    forecast_index,
    with_column,
    with_row,
    without_column,
    write_tiny_scenario,
)
from shiftplan.cli import app
from shiftplan.errors import Problem, ScenarioError
from shiftplan.scenario.load import load_scenario


class _Any:
    """Marker for :data:`ANY`."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()
"""An expected attribute that is not checked."""


@dataclass(frozen=True)
class Expect:
    """The problem a case must produce (``message`` and ``hint`` are substrings)."""

    file: str
    message: str
    row: int | None = ANY
    field: str | None = ANY
    value: object = ANY
    hint: str | None = None

    def matches(self, problem: Problem) -> bool:
        """Whether ``problem`` is this one."""
        return (
            Path(problem.file).name == self.file
            and self.message in problem.message
            and (self.row is ANY or problem.row == self.row)
            and (self.field is ANY or problem.field == self.field)
            and (self.value is ANY or problem.value == self.value)
            and (self.hint is None or self.hint in (problem.hint or ""))
        )


Build = Callable[[Path], tuple[Path, Expect]]
CASES: list[Any] = []


def case(*, bug: str | None = None) -> Callable[[Build], Build]:
    """Register a broken scenario; ``bug`` marks a case the loader gets wrong today."""

    def register(build: Build) -> Build:
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        CASES.append(pytest.param(build, id=build.__name__, marks=marks))
        return build

    return register


def line_of(path: Path, text: str) -> int:
    """The line number of the first line of a file that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    msg = f"{text!r} is not in {path}"
    raise AssertionError(msg)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its content."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def find(problems: list[Problem], expected: Expect) -> Problem:
    """The problem that matches ``expected``, or a failure listing them all."""
    for problem in problems:
        if expected.matches(problem):
            return problem
    listed = "\n".join(f"  {problem!r}" for problem in problems)
    msg = f"no problem matches {expected}; the loader reported:\n{listed}"
    raise AssertionError(msg)


def check_cli_reports(path: Path, problems: list[Problem]) -> str:
    """Run ``shiftplan validate``: exit code 2, each problem printed, no traceback."""
    result = CliRunner().invoke(app, ["validate", str(path)])
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    for problem in problems:
        assert str(problem) in output, output
    return output


def chat_sl(**service_level: object) -> dict[str, Any]:
    """YAML settings giving the chat queue another service level."""
    queues = default_settings()["queues"]
    queues[0]["service_level"] = service_level
    return {"queues": queues}


# --- agents.csv -------------------------------------------------------------------


@case()
def time_zone_with_trailing_space(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 0, timezone="Europe/Paris ")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "stray spaces", row=2, field="timezone", value="Europe/Paris ",
        hint="'Europe/Paris'",
    )  # fmt: skip


@case()
def unknown_time_zone_with_close_match(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 0, timezone="Europe/Berlim")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "is not an IANA time zone", row=2, field="timezone",
        value="Europe/Berlim", hint="Europe/Berlin",
    )  # fmt: skip


@case()
def unknown_country_code(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 1, country="USA")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "unknown country code 'USA'", row=3, field="country", value="USA",
        hint="US",
    )  # fmt: skip


@case()
def unknown_contract(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 2, contract="full-time")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "unknown contract 'full-time'", row=4, field="contract",
        value="full-time", hint="day",
    )  # fmt: skip


@case()
def skill_no_queue_uses(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 3, skills="chat;phone")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "skill 'phone' is not used by any queue", row=5, field="skills",
        value="chat;phone",
    )  # fmt: skip


@case()
def duplicate_agent_id(directory: Path) -> tuple[Path, Expect]:
    agents = with_row(default_agents(), 2, id="DE1")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "duplicate agent id 'DE1'", row=4, field="id", value="DE1", hint="row 2"
    )


@case()
def missing_csv_column(directory: Path) -> tuple[Path, Expect]:
    agents = without_column(default_agents(), "country")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "missing column 'country'", row=1, field="country", value=None
    )


@case()
def extra_csv_column(directory: Path) -> tuple[Path, Expect]:
    agents = with_column(default_agents(), "email", "someone@example.com")
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "unexpected column 'email'", row=1, field="email", value=None
    )


@case()
def misspelt_csv_column(directory: Path) -> tuple[Path, Expect]:
    agents = [{("skill" if key == "skills" else key): v for key, v in row.items()}
              for row in default_agents()]  # fmt: skip
    return write_tiny_scenario(directory, agents=agents), Expect(
        "agents.csv", "unexpected column 'skill'", row=1, field="skill", hint="'skills'"
    )


@case()
def csv_not_utf8(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory)
    agents = directory / "agents.csv"
    text = agents.read_text(encoding="utf-8").replace("Maria Santos", "José Müller")
    agents.write_bytes(text.encode("cp1252"))
    return path, Expect("agents.csv", "UTF-8")


# --- forecast.csv -----------------------------------------------------------------


@case()
def non_numeric_contacts(directory: Path) -> tuple[Path, Expect]:
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-22T10:00:00Z")
    return write_tiny_scenario(directory, forecast=with_row(rows, index, contacts="ten")), Expect(
        "forecast.csv", "is not a number", row=index + 2, field="contacts", value="ten"
    )


@case()
def negative_contacts(directory: Path) -> tuple[Path, Expect]:
    rows = default_forecast()
    index = forecast_index(rows, "email", "2027-03-23T09:00:00Z")
    return write_tiny_scenario(directory, forecast=with_row(rows, index, contacts=-3)), Expect(
        "forecast.csv", "is negative", row=index + 2, field="contacts", value="-3"
    )


@case()
def forecast_timestamp_off_the_grid(directory: Path) -> tuple[Path, Expect]:
    rows = default_forecast()
    index = forecast_index(rows, "chat", "2027-03-22T10:00:00Z")
    rows = with_row(rows, index, interval_start="2027-03-22T10:30:00Z")
    return write_tiny_scenario(directory, forecast=rows), Expect(
        "forecast.csv", "is not on the 60-minute grid", row=index + 2, field="interval_start",
        value="2027-03-22T10:30:00Z",
    )  # fmt: skip


@case()
def forecast_timestamp_outside_horizon(directory: Path) -> tuple[Path, Expect]:
    # Next week's first hour pasted under this week's forecast.
    rows = [*default_forecast(), {"queue": "chat", "interval_start": "2027-03-29T00:00:00Z",
                                  "contacts": 3}]  # fmt: skip
    return write_tiny_scenario(directory, forecast=rows), Expect(
        "forecast.csv", "falls outside the horizon", row=len(rows) + 1, field="interval_start",
        value="2027-03-29T00:00:00Z", hint="2027-03-22T00:00Z",
    )  # fmt: skip


@case()
def forecast_timestamp_without_offset(directory: Path) -> tuple[Path, Expect]:
    rows = default_forecast()
    index = forecast_index(rows, "email", "2027-03-24T15:00:00Z")
    rows = with_row(rows, index, interval_start="2027-03-24T15:00:00")
    return write_tiny_scenario(directory, forecast=rows), Expect(
        "forecast.csv", "timestamp has no UTC offset", row=index + 2, field="interval_start",
        value="2027-03-24T15:00:00", hint="offset",
    )  # fmt: skip


@case()
def forecast_missing_intervals(directory: Path) -> tuple[Path, Expect]:
    gone = {"2027-03-22T00:00:00Z", "2027-03-22T01:00:00Z", "2027-03-22T02:00:00Z"}
    rows = [row for row in default_forecast()
            if not (row["queue"] == "chat" and row["interval_start"] in gone)]  # fmt: skip
    return write_tiny_scenario(directory, forecast=rows), Expect(
        "forecast.csv", "queue 'chat' has no forecast for 3 of 168 intervals: "
        "2027-03-22 00:00-03:00 UTC", row=None, field="interval_start", hint="contacts 0",
    )  # fmt: skip


@case()
def forecast_unknown_queue(directory: Path) -> tuple[Path, Expect]:
    rows = with_row(default_forecast(), 5, queue="Chat")
    return write_tiny_scenario(directory, forecast=rows), Expect(
        "forecast.csv", "unknown queue", row=7, field="queue", value="Chat", hint="chat"
    )


# --- time_off.csv -----------------------------------------------------------------


@case()
def time_off_last_day_before_first_day(directory: Path) -> tuple[Path, Expect]:
    rows = with_row(default_time_off(), 0, first_day="2027-03-25", last_day="2027-03-24")
    return write_tiny_scenario(directory, time_off=rows), Expect(
        "time_off.csv", "is before first_day", row=2, field="last_day", value="2027-03-24"
    )


@case()
def time_off_outside_horizon(directory: Path) -> tuple[Path, Expect]:
    rows = with_row(default_time_off(), 0, first_day="2027-04-12", last_day="2027-04-16")
    return write_tiny_scenario(directory, time_off=rows), Expect(
        "time_off.csv", "lies outside the horizon", row=2, field="first_day",
        value="2027-04-12",
    )  # fmt: skip


@case()
def time_off_unknown_agent(directory: Path) -> tuple[Path, Expect]:
    rows = with_row(default_time_off(), 0, agent_id="US2")
    return write_tiny_scenario(directory, time_off=rows), Expect(
        "time_off.csv", "unknown agent 'US2'", row=2, field="agent_id", value="US2"
    )


@case()
def time_off_day_month_year(directory: Path) -> tuple[Path, Expect]:
    rows = with_row(default_time_off(), 0, first_day="24/03/2027")
    return write_tiny_scenario(directory, time_off=rows), Expect(
        "time_off.csv", "is not a date", row=2, field="first_day", value="24/03/2027",
        hint="YYYY-MM-DD",
    )  # fmt: skip


# --- the YAML file ----------------------------------------------------------------


@case()
def contract_hours_cannot_be_met(directory: Path) -> tuple[Path, Expect]:
    # 5 shifts of 8 h make 40 h, never 45 h.
    settings = {"contracts": {"day": {"hours_per_week": {"min": 45, "max": 45},
                                      "days_per_week": {"min": 5, "max": 5}}}}  # fmt: skip
    path = write_tiny_scenario(directory, settings=settings)
    return path, Expect(
        "scenario.yaml", "contract 'day' can never be met: no 5-5 shifts of [8.0] h add up "
        "to 45.0-45.0 h a week", row=line_of(path, "hours_per_week:"),
        field="contracts.day.hours_per_week",
    )  # fmt: skip


@case()
def service_level_target_above_one(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings=chat_sl(target=1.5, answer_within_seconds=60))
    return path, Expect(
        "scenario.yaml", "less than or equal to 1", row=line_of(path, "target: 1.5"),
        field="queues.0.service_level.target", value=1.5,
    )  # fmt: skip


@case()
def service_level_target_zero(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings=chat_sl(target=0, answer_within_seconds=60))
    return path, Expect(
        "scenario.yaml", "greater than 0", row=line_of(path, "target: 0"),
        field="queues.0.service_level.target", value=0,
    )  # fmt: skip


@case()
def unknown_yaml_key_with_did_you_mean(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings={"shrinkage": REMOVE, "shrinkge": 0.2})
    return path, Expect(
        "scenario.yaml", "unknown key", row=line_of(path, "shrinkge:"), field="shrinkge",
        value=0.2, hint="did you mean 'shrinkage'?",
    )  # fmt: skip


@case()
def unknown_contract_key_with_did_you_mean(directory: Path) -> tuple[Path, Expect]:
    settings = {"contracts": {"day": {"max_consecutive_days": REMOVE,
                                      "max_consecutive_day": 5}}}  # fmt: skip
    path = write_tiny_scenario(directory, settings=settings)
    return path, Expect(
        "scenario.yaml", "unknown key", row=line_of(path, "max_consecutive_day:"),
        field="contracts.day.max_consecutive_day", value=5,
        hint="did you mean 'max_consecutive_days'?",
    )  # fmt: skip


@case()
def unknown_report_time_zone(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings={"report_timezone": "Europe/Berlim"})
    return path, Expect(
        "scenario.yaml", "is not an IANA time zone", row=line_of(path, "report_timezone:"),
        field="report_timezone", value="Europe/Berlim", hint="Europe/Berlin",
    )  # fmt: skip


@case()
def missing_agents_file(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings={"agents": "staff.csv"})
    return path, Expect(
        "staff.csv", "file not found", row=None, field=None, value=None, hint="'staff.csv'"
    )


@case()
def missing_scenario_file(directory: Path) -> tuple[Path, Expect]:
    write_tiny_scenario(directory)
    return directory / "scenario.yml", Expect(
        "scenario.yml", "scenario file not found", row=None, field=None, value=None
    )


@case()
def scenario_folder_instead_of_file(directory: Path) -> tuple[Path, Expect]:
    write_tiny_scenario(directory)
    return directory, Expect(
        directory.name, "scenario file not found", row=None, hint="not a folder"
    )


@case()
def yaml_syntax_error_tab(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(
        directory, yaml_edit=lambda text: text.replace("shrinkage:", "\tshrinkage:")
    )
    return path, Expect(
        "scenario.yaml", "YAML syntax error", row=line_of(path, "shrinkage:"), field=None
    )


@case()
def yaml_syntax_error_indentation(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(
        directory, yaml_edit=lambda text: text.replace("  kind: realtime", " kind: realtime")
    )
    return path, Expect(
        "scenario.yaml", "YAML syntax error", row=line_of(path, "kind: realtime"), field=None
    )


@case()
def yaml_syntax_error_missing_colon(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(
        directory, yaml_edit=lambda text: text.replace("shrinkage: 0.2", "shrinkage 0.2")
    )
    return path, Expect(
        "scenario.yaml", "YAML syntax error", row=line_of(path, "shrinkage 0.2"), field=None
    )


@case()
def yaml_syntax_error_unclosed_quote(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(
        directory, yaml_edit=lambda text: text.replace("name: Tiny team", 'name: "Tiny team')
    )
    return path, Expect(
        "scenario.yaml", "YAML syntax error", row=line_of(path, "Tiny team"), field=None
    )


@case()
def yaml_not_utf8(directory: Path) -> tuple[Path, Expect]:
    path = write_tiny_scenario(directory, settings={"name": "Équipe Café"})
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    return path, Expect("scenario.yaml", "UTF-8")


# --- the catalogue ----------------------------------------------------------------


@pytest.mark.parametrize("build", CASES)
def test_broken_scenario_is_reported(build: Build, tmp_path: Path) -> None:
    path, expected = build(tmp_path)
    before = snapshot(tmp_path)

    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problem = find(caught.value.problems, expected)
    output = check_cli_reports(path, caught.value.problems)

    assert expected.message in output
    assert expected.file in output
    if problem.row is not None:
        assert f"row {problem.row}" in output
    assert snapshot(tmp_path) == before


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    agents = with_row(default_agents(), 0, timezone="Europe/Berlim")
    agents = with_row(agents, 2, country="PHL")
    forecast = default_forecast()
    index = forecast_index(forecast, "chat", "2027-03-25T12:00:00Z")
    forecast = with_row(forecast, index, contacts=-5)
    time_off = with_row(default_time_off(), 0, first_day="2027-03-26", last_day="2027-03-25")
    path = write_tiny_scenario(tmp_path, agents=agents, forecast=forecast, time_off=time_off)
    before = snapshot(tmp_path)
    expected = [
        Expect("agents.csv", "is not an IANA time zone", row=2, field="timezone",
               value="Europe/Berlim", hint="Europe/Berlin"),
        Expect("agents.csv", "unknown country code 'PHL'", row=4, field="country",
               value="PHL", hint="PH"),
        Expect("forecast.csv", "is negative", row=index + 2, field="contacts", value="-5"),
        Expect("time_off.csv", "is before first_day", row=2, field="last_day",
               value="2027-03-25"),
    ]  # fmt: skip

    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    found = [find(problems, item) for item in expected]
    assert len(problems) == len(expected), problems
    output = check_cli_reports(path, found)
    assert "4 problems in the scenario" in output
    assert snapshot(tmp_path) == before


def test_yaml_rule_problem_does_not_hide_csv_problems(tmp_path: Path) -> None:
    agents = with_row(default_agents(), 1, country="USA")
    path = write_tiny_scenario(
        tmp_path, settings={"report_timezone": "Europe/Berlim"}, agents=agents
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    find(problems, Expect("scenario.yaml", "is not an IANA time zone", field="report_timezone"))
    find(problems, Expect("agents.csv", "unknown country code 'USA'", row=3, field="country"))


def test_broken_agent_row_is_not_an_unknown_agent_in_time_off(tmp_path: Path) -> None:
    agents = with_row(default_agents(), 1, timezone="America/NewYork")
    path = write_tiny_scenario(tmp_path, agents=agents)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    zone = Expect("agents.csv", "is not an IANA time zone", row=3, field="timezone",
                  value="America/NewYork", hint="America/New_York")  # fmt: skip
    assert problems == [find(problems, zone)], problems
