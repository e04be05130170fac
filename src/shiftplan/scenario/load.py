"""Read a scenario from disk and report *every* problem at once.

The loader never stops at the first mistake: it collects a
:class:`~shiftplan.errors.Problem` per bad cell, row, key or file, and raises
one :class:`~shiftplan.errors.ScenarioError` at the end, so a manager fixes
the files in one pass. Each problem names the file, the row (as a spreadsheet
shows it, header = row 1), the field and the value.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays as holidays_lib
import numpy as np
import pandas as pd
import yaml
from pydantic import ValidationError

from shiftplan.errors import Problem, ScenarioError, display_path
from shiftplan.scenario import yaml_reader
from shiftplan.scenario.models import (
    MAX_WEIGHT,
    WEEKDAYS,
    Agent,
    PreviousShift,
    Request,
    Scenario,
    ScenarioFile,
    ShiftCover,
    TimeOff,
)

AGENT_COLUMNS = ("id", "name", "timezone", "country", "contract", "skills")
AGENT_OPTIONAL = ("weekend",)
TIME_OFF_COLUMNS = ("agent_id", "first_day", "last_day")
TIME_OFF_OPTIONAL = ("reason",)
FORECAST_COLUMNS = ("queue", "interval_start", "contacts")
MAX_CONTACTS = 100_000
"""Contacts of one queue in one interval: far above any team, far below what stalls staffing."""
MAX_AGENTS_AT_ONCE = 5_000
"""Agents one realtime queue may need in one interval (busy / max_occupancy), at most."""
_FORMULA_STARTS = ("=", "+", "-", "@")
_OFFSET = re.compile(r"(?:Z|[+-]\d\d(?::?\d\d)?)$")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _countries() -> frozenset[str]:
    return frozenset(code for code in holidays_lib.list_supported_countries() if len(code) == 2)


def timezone_problem(value: str) -> tuple[str, str | None] | None:
    """Why ``value`` is not a usable IANA zone, with a hint; None if it is fine."""
    if value != value.strip():
        return (f"time zone '{value}' has stray spaces", f"write '{value.strip()}'")
    if value in _zones():
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return None
    close = difflib.get_close_matches(value, sorted(_zones()), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else None
    return (f"'{value}' is not an IANA time zone", hint or "use a name like 'Europe/Berlin'")


_UNIVERSAL = frozenset({"UTC", "GMT", "UCT", "Zulu", "Universal", "Greenwich", "Etc/UTC"})


def fixed_offset_warnings(scenario: Scenario) -> list[str]:
    """Warnings for zones like 'EST' that never change to daylight saving time.

    They are valid IANA names, so they are not errors, but 'EST' is almost
    always meant as New York time, which is an hour off all summer.
    """
    year = scenario.horizon.start.year
    named: dict[str, list[str]] = {}
    named.setdefault(scenario.file.report_timezone, []).append("report_timezone")
    for agent in scenario.agents:
        named.setdefault(agent.timezone, []).append(f"agent {agent.id}")
    warnings = []
    for zone, users in named.items():
        if zone in _UNIVERSAL or ("/" in zone and not zone.startswith("Etc/")):
            continue
        winter = datetime(year, 1, 15, tzinfo=ZoneInfo(zone)).utcoffset()
        summer = datetime(year, 7, 15, tzinfo=ZoneInfo(zone)).utcoffset()
        if winter != summer:
            continue  # e.g. EST5EDT, CET: they do change
        where = ", ".join(users[:3]) + (f" and {len(users) - 3} more" if len(users) > 3 else "")
        warnings.append(
            f"Warning: time zone '{zone}' ({where}) is a fixed offset with no daylight "
            "saving time; for a place's local time use its city zone, e.g. 'America/New_York'"
        )
    return warnings


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario YAML file and the CSV files it names.

    Parameters
    ----------
    path
        The scenario YAML file. CSV paths inside it are relative to it.

    Returns
    -------
    Scenario
        The resolved, checked scenario.

    Raises
    ------
    ScenarioError
        With every problem found, when there is at least one.
    """
    path = Path(path)
    problems: list[Problem] = []
    stand_in: list[tuple[ScenarioFile, frozenset[str]]] = []
    spec = _read_yaml(path, problems, stand_in)
    if spec is None:
        if stand_in:
            # Schema errors must not hide the CSV problems: read the CSV
            # files against a stand-in for the broken keys, skipping the
            # checks that would only repeat a schema error.
            _read_csvs_despite(path.parent, *stand_in[0], problems)
        raise ScenarioError(problems)
    base = path.parent
    agents, agent_ids = _read_agents(base, spec, problems)
    time_off = _read_time_off(base, spec, agent_ids, problems)
    forecast = _read_forecast(base, spec, problems)
    previous = _read_previous(base, spec, agents, problems)
    requests = _read_requests(base, spec, agents, agent_ids, problems)
    shift_cover = read_shift_cover(base, spec, problems)
    if problems:
        raise ScenarioError(problems)
    years = range(spec.horizon.start.year - 1, spec.horizon.days_list[-1].year + 2)
    holiday_days = {
        country: _holidays(country, years, spec.horizon.start, spec.horizon.days_list[-1])
        for country in sorted({agent.country for agent in agents})
    }
    return Scenario(
        file=spec,
        path=path,
        agents=tuple(agents),
        forecast=forecast,
        time_off=tuple(time_off),
        holidays=holiday_days,
        previous_shifts=tuple(previous),
        requests=tuple(requests),
        shift_cover=tuple(shift_cover),
    )


def public_holidays(country: str, first: date, last: date) -> frozenset[date]:
    """Public holidays of ``country`` between two dates, from the `holidays` package."""
    return _holidays(country, range(first.year, last.year + 1), first, last)


def holiday_names(country: str, days: Iterable[date]) -> dict[date, str]:
    """The name of each of ``days`` that is a public holiday of ``country``.

    The same `holidays` tables the scenario's days off come from, so a report
    names exactly the holidays the roster kept free.
    """
    wanted = sorted(set(days))
    if not wanted:
        return {}
    table = holidays_lib.country_holidays(
        country, years=list(range(wanted[0].year, wanted[-1].year + 1))
    )
    return {day: str(table[day]) for day in wanted if day in table}


def _holidays(country: str, years: Iterable[int], first: date, last: date) -> frozenset[date]:
    # The `holidays` package keeps the rules of ~200 countries up to date,
    # moving feasts included; writing them by hand would rot within a year.
    table = holidays_lib.country_holidays(country, years=list(years))
    return frozenset(day for day in table if first <= day <= last)


# --- YAML ---------------------------------------------------------------------------


def _read_csvs_despite(
    base: Path, spec: ScenarioFile, broken: frozenset[str], problems: list[Problem]
) -> None:
    """Read the CSV files for their own problems while the YAML has schema errors."""
    found: list[Problem] = []
    try:
        agents, agent_ids = _read_agents(base, spec, found)
        if "horizon" not in broken:
            _read_time_off(base, spec, agent_ids, found)
            _read_forecast(base, spec, found)
            _read_previous(base, spec, agents, found)
            if "contracts" not in broken:
                _read_requests(base, spec, agents, agent_ids, found)
    except Exception:  # a stand-in must never hide the schema errors
        return
    problems.extend(found)


_NEUTRAL_CONTRACT = {
    "hours_per_week": {"min": 0, "max": 168},
    "shift_hours": [8],
    "days_per_week": {"min": 0, "max": 7},
    "start_window": {"earliest": "00:00", "latest": "23:00"},
}


def _stand_in(
    raw: dict[str, Any], locations: list[tuple[Any, ...]]
) -> tuple[ScenarioFile, frozenset[str]] | None:
    """The YAML with its broken parts replaced by neutral ones, and which parts those were.

    Broken queues keep their name and skill, broken contracts their name, so
    the CSV files are checked against the names the user wrote. None when a
    part the CSV files need cannot be stood in for (the CSV paths).
    """
    data = dict(raw)
    broken: set[str] = set()
    for location in locations:
        key = str(location[0]) if location else ""
        item = location[1] if len(location) > 1 else None
        if key in ("agents", "forecast") or not key:
            return None
        broken.add(key)
        if key == "queues" and isinstance(raw.get("queues"), list) and isinstance(item, int):
            queues = list(data["queues"])
            queue = queues[item]
            if not (isinstance(queue, dict) and isinstance(queue.get("name"), str)):
                return None
            skill = queue.get("skill") if isinstance(queue.get("skill"), str) else queue["name"]
            queues[item] = {"name": queue["name"], "skill": skill, "kind": "deferred",
                            "aht_seconds": 60, "respond_within_hours": 1}  # fmt: skip
            data["queues"] = queues
        elif key == "contracts" and isinstance(raw.get("contracts"), dict) and item is not None:
            data["contracts"] = {**data["contracts"], item: _NEUTRAL_CONTRACT}
        elif key == "horizon":
            data["horizon"] = {"start": date(2001, 1, 1), "days": 7}
        elif key == "name":
            data["name"] = "scenario"
        elif key in ScenarioFile.model_fields and not ScenarioFile.model_fields[key].is_required():
            data.pop(key, None)
        elif key not in ScenarioFile.model_fields:
            data.pop(key, None)  # an unknown key
        else:
            return None
    try:
        return ScenarioFile.model_validate(data), frozenset(broken)
    except ValidationError:
        return None


def _read_yaml(
    path: Path,
    problems: list[Problem],
    stand_in: list[tuple[ScenarioFile, frozenset[str]]] | None = None,
) -> ScenarioFile | None:
    name = display_path(path)
    if not path.is_file():
        where = "check the path" if not path.exists() else "give the YAML file, not a folder"
        problems.append(Problem(name, "scenario file not found", hint=where))
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(_encoding_problem(name, error))
        return None
    try:
        raw, root, duplicates = yaml_reader.parse(text)
    except yaml.YAMLError as error:
        # For a scanner error the context mark is where the broken construct
        # starts (an unclosed quote, a key missing its colon); the problem
        # mark can lie lines past it.
        mark = getattr(error, "problem_mark", None)
        if isinstance(error, yaml.scanner.ScannerError) and error.context_mark is not None:
            mark = error.context_mark
        # An unclosed [ or { is noticed on a later line; the user must look
        # where it was opened.
        context = getattr(error, "context", None) or ""
        if "flow" in context and getattr(error, "context_mark", None) is not None:
            mark = getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        problems.append(
            Problem(
                name,
                f"YAML syntax error: {reason}",
                row=line,
                hint="a scenario needs a few levels at most"
                if "nested more than" in reason
                else "check indentation and quotes on that line",
            )
        )
        return None
    for duplicate in duplicates:
        problems.append(
            Problem(
                name,
                f"key '{duplicate.key}' is written twice, on lines {duplicate.first_line} and "
                f"{duplicate.second_line}",
                row=duplicate.second_line,
                field=duplicate.key,
                hint="keep one of them: YAML would silently use the last",
            )
        )
    if not isinstance(raw, dict):
        problems.append(Problem(name, "the file must be a YAML mapping (key: value lines)"))
        return None
    try:
        spec = ScenarioFile.model_validate(raw)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            field = ".".join(str(part) for part in loc) or None
            message = item["msg"].removeprefix("Value error, ")
            hint: str | None = None
            if item["type"] == "extra_forbidden":
                message = "unknown key"
                hint = _key_hint(str(loc[-1]), loc[:-1])
            elif item["type"] == "missing":
                message = "required key is missing"
            value = None if item["type"] == "missing" else item.get("input")
            if isinstance(value, dict | list):
                value = None
            problems.append(
                Problem(
                    name, message, row=_yaml_line(root, loc), field=field, value=value, hint=hint
                )
            )
        if stand_in is not None:
            repaired = _stand_in(raw, [tuple(item["loc"]) for item in error.errors()])
            if repaired is not None:
                stand_in.append(repaired)
        return None
    _check_spec(spec, name, root, problems)
    # Rule problems leave a well-formed spec: read the CSV files too, so the
    # user sees every problem in one run.
    return spec


def _check_spec(
    spec: ScenarioFile, name: str, root: yaml.Node | None, problems: list[Problem]
) -> None:
    """Checks that need more than one key of the YAML file at a time."""
    zone_issue = timezone_problem(spec.report_timezone)
    if zone_issue:
        problems.append(
            Problem(
                name,
                zone_issue[0],
                row=_yaml_line(root, ("report_timezone",)),
                field="report_timezone",
                value=spec.report_timezone,
                hint=zone_issue[1],
            )
        )
    names = [queue.name for queue in spec.queues]
    for index, queue in enumerate(spec.queues):
        if names.index(queue.name) != index:
            problems.append(
                Problem(
                    name,
                    f"duplicate queue name '{queue.name}'",
                    row=_yaml_line(root, ("queues", index, "name")),
                    field=f"queues.{index}.name",
                    value=queue.name,
                )
            )
    weekends = spec.horizon.days // 7
    for key, contract in spec.contracts.items():
        where = ("contracts", key)
        if not contract.weekly_reachable():
            problems.append(
                Problem(
                    name,
                    f"contract '{key}' can never be met: no {contract.days_per_week.min}-"
                    f"{contract.days_per_week.max} shifts of {contract.shift_hours} h add up to "
                    f"{contract.hours_per_week.min}-{contract.hours_per_week.max} h a week",
                    row=_yaml_line(root, (*where, "hours_per_week")),
                    field=f"contracts.{key}.hours_per_week",
                    hint="widen hours_per_week, days_per_week or shift_hours",
                )
            )
        if contract.days_per_week.max > 7:
            problems.append(
                Problem(
                    name,
                    "a week has 7 days",
                    row=_yaml_line(root, (*where, "days_per_week")),
                    field=f"contracts.{key}.days_per_week.max",
                    value=contract.days_per_week.max,
                )
            )
        if contract.min_weekends_off > weekends:
            problems.append(
                Problem(
                    name,
                    f"asks for {contract.min_weekends_off} weekends off but the horizon "
                    f"holds {weekends} whole weeks",
                    row=_yaml_line(root, (*where, "min_weekends_off")),
                    field=f"contracts.{key}.min_weekends_off",
                    value=contract.min_weekends_off,
                )
            )
        if contract.min_consecutive_days > contract.max_consecutive_days:
            problems.append(
                Problem(
                    name,
                    "min_consecutive_days is larger than max_consecutive_days",
                    row=_yaml_line(root, (*where, "min_consecutive_days")),
                    field=f"contracts.{key}.min_consecutive_days",
                    value=contract.min_consecutive_days,
                )
            )


def _key_hint(key: str, parent: tuple[Any, ...]) -> str | None:
    from shiftplan.scenario import models

    owners: dict[str, type] = {
        "": models.ScenarioFile,
        "horizon": models.Horizon,
        "weights": models.Weights,
    }
    model: type | None = owners.get(str(parent[0]) if parent else "")
    if parent and parent[0] == "queues":
        model = models.Queue
    elif parent and parent[0] == "contracts":
        model = models.Contract
    if model is None:
        return None
    fields = list(model.model_fields)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(key, fields, n=1)
    return f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(fields)}"


def _yaml_line(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line number of the YAML node at ``loc`` (or of its nearest parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
            key = next((k for k, _ in node.value if k.value == str(part)), None)
            if child is None:
                return line
            node = child
            line = (key or child).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


# --- CSV helpers ----------------------------------------------------------------------


def _csv_rows(
    base: Path,
    relative: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: list[Problem],
) -> tuple[str, Iterator[tuple[int, dict[str, str]]]] | None:
    """Open a CSV, check its header, and yield (row number, row) pairs."""
    path = (base / relative).resolve()
    name = display_path(path)
    hint = f"the scenario names '{relative}'"
    if path.is_dir():
        problems.append(Problem(name, "is a folder, not a CSV file", hint=hint))
        return None
    if not path.exists():
        problems.append(Problem(name, "file not found", hint=hint))
        return None
    if not path.is_file():
        problems.append(Problem(name, "is not a regular file (a device or a pipe)", hint=hint))
        return None
    # utf-8-sig: files saved from Excel start with a byte-order mark.
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(_encoding_problem(name, error))
        return None
    except OSError as error:
        problems.append(Problem(name, f"cannot be read ({error.strerror})", hint=hint))
        return None
    handle = io.StringIO(text, newline="")
    reader = csv.reader(handle)
    try:
        header = [column.strip() for column in next(reader, [])]
    except csv.Error as error:
        problems.append(_csv_problem(name, 1, error))
        return None
    expected = required + optional
    if not set(header) & set(expected):
        # Not the file it should be (a path pointing anywhere, or another
        # file's name): say so without echoing its content.
        problems.append(
            Problem(
                name,
                f"is not a CSV file of the expected shape: its first line names none of the "
                f"columns {', '.join(required)}",
                row=1,
                hint=_delimiter_hint(header) or f"the scenario names '{relative}'",
            )
        )
        return None
    missing = [column for column in required if column not in header]
    extra = [column for column in header if column not in expected]
    for column in missing:
        problems.append(
            Problem(
                name, f"missing column '{column}'", row=1, field=column, hint=_columns(required)
            )
        )
    for column in extra:
        close = difflib.get_close_matches(column, expected, n=1)
        hint = f"did you mean '{close[0]}'?" if close else _columns(expected)
        shown = (
            column
            if column.isprintable() and len(column) <= 40
            else column[:40].encode("unicode_escape").decode("ascii")
        )
        problems.append(
            Problem(name, f"unexpected column '{shown}'", row=1, field=shown, hint=hint)
        )
    if missing:
        handle.close()
        return None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            number = 1
            try:
                for number, values in enumerate(reader, start=2):
                    if not any(value.strip() for value in values):
                        continue
                    if len(values) != len(header):
                        problems.append(
                            Problem(
                                name,
                                f"has {len(values)} cells, the header has {len(header)}",
                                row=number,
                                hint="check for stray commas or quotes",
                            )
                        )
                        continue
                    yield number, dict(zip(header, values, strict=True))
            except csv.Error as error:
                problems.append(_csv_problem(name, number + 1, error))

    return name, rows()


def _csv_problem(name: str, row: int, error: csv.Error) -> Problem:
    """A row the csv module cannot read: most often a quote that is never closed."""
    reason = str(error)
    if "field larger than field limit" in reason:
        message = 'a quoted cell starts here and never ends (a stray " character)'
        return Problem(name, message, row=row, hint='remove the stray " or close the quote')
    if "NUL" in reason:
        return Problem(name, "is not text: it contains NUL bytes", row=row)
    return Problem(name, f"cannot be read as CSV ({reason})", row=row)


def _delimiter_hint(header: list[str]) -> str | None:
    """A hint for a file saved with ';' or tabs between columns (European Excel)."""
    if len(header) == 1:
        for delimiter, label in ((";", "';'"), ("\t", "tabs")):
            if delimiter in header[0]:
                return f"the file separates columns with {label}; save it as CSV with commas"
    return None


def _encoding_problem(name: str, error: UnicodeDecodeError) -> Problem:
    return Problem(
        name,
        f"is not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start})",
        hint="save it as 'CSV UTF-8' (Excel) or UTF-8 text",
    )


def _columns(columns: tuple[str, ...]) -> str:
    return f"the columns are: {', '.join(columns)}"


def _parse_day(value: str, name: str, row: int, field: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(
            Problem(name, "is not a date", row=row, field=field, value=value, hint="use YYYY-MM-DD")
        )
        return None


def _unknown_agent(name: str, row: int, value: str) -> Problem:
    return Problem(
        name,
        f"unknown agent '{value.strip()}'",
        row=row,
        field="agent_id",
        value=value,
        hint="use an id from the agents file",
    )


# --- agents ---------------------------------------------------------------------------


def parse_weekend(value: str) -> tuple[int, ...] | None:
    """Parse a weekend like 'sat-sun', 'fri;sat' or 'fri,sat' to weekday numbers."""
    parts = [part.strip().lower()[:3] for part in re.split(r"[-;,/ ]+", value.strip()) if part]
    if not parts or any(part not in WEEKDAYS for part in parts):
        return None
    return tuple(sorted({WEEKDAYS.index(part) for part in parts}))


def _read_agents(
    base: Path, spec: ScenarioFile, problems: list[Problem]
) -> tuple[list[Agent], set[str]]:
    """The valid agents, and every id the file names (valid or not)."""
    opened = _csv_rows(base, spec.agents, AGENT_COLUMNS, AGENT_OPTIONAL, problems)
    if opened is None:
        return [], set()
    name, rows = opened
    skills_used = {queue.skill for queue in spec.queues}
    agents: list[Agent] = []
    seen: dict[str, int] = {}
    for row, record in rows:
        bad = False

        def report(
            field: str,
            message: str,
            hint: str | None = None,
            _row: int = row,
            _record: dict[str, str] = record,
        ) -> None:
            nonlocal bad
            bad = True
            problems.append(
                Problem(name, message, row=_row, field=field, value=_record.get(field), hint=hint)
            )

        agent_id = record["id"].strip()
        if not agent_id:
            report("id", "is empty", "every agent needs a unique id")
        elif agent_id.startswith(_FORMULA_STARTS):
            report(
                "id",
                f"starts with '{agent_id[0]}', which spreadsheets run as a formula",
                "start the id with a letter or a digit",
            )
        elif agent_id in seen:
            report("id", f"duplicate agent id '{agent_id}'", f"row {seen[agent_id]} has it too")
        else:
            seen[agent_id] = row
        zone_issue = timezone_problem(record["timezone"])
        if zone_issue:
            report("timezone", *zone_issue)
        country = record["country"].strip().upper()
        if country not in _countries():
            close = difflib.get_close_matches(country, sorted(_countries()), n=3)
            hint = "use the ISO 3166 two-letter code, e.g. DE, US, PH"
            if close:
                hint = f"did you mean {' or '.join(close)}? ({hint})"
            report("country", f"unknown country code '{record['country']}'", hint)
        contract = record["contract"].strip()
        if contract not in spec.contracts:
            close = difflib.get_close_matches(contract, list(spec.contracts), n=1)
            contract_hint = f"did you mean '{close[0]}'?" if close else None
            report(
                "contract",
                f"unknown contract '{contract}'",
                contract_hint or f"the scenario defines: {', '.join(spec.contracts)}",
            )
        skills = tuple(skill.strip() for skill in record["skills"].split(";") if skill.strip())
        if not skills and spec.queues:
            report("skills", "no skills: this agent could serve no queue", "e.g. chat;email")
        for skill in skills:
            # Shift-cover demand counts people per shift type, not per skill.
            if spec.queues and skill not in skills_used:
                close = difflib.get_close_matches(skill, sorted(skills_used), n=1)
                skill_hint = f"did you mean '{close[0]}'?" if close else None
                report(
                    "skills",
                    f"skill '{skill}' is not used by any queue",
                    skill_hint or f"queues use: {', '.join(sorted(skills_used))}",
                )
        weekend: tuple[int, ...] | None = (5, 6)
        if record.get("weekend", "").strip():
            weekend = parse_weekend(record["weekend"])
            if weekend is None:
                report("weekend", "is not a list of weekdays", "write e.g. 'sat-sun' or 'fri-sat'")
        if bad or weekend is None:
            continue
        agents.append(
            Agent(
                id=agent_id,
                name=record["name"].strip() or agent_id,
                timezone=record["timezone"],
                country=country,
                contract=contract,
                skills=skills,
                weekend=weekend,
                row=row,
            )
        )
    if not agents and not problems:
        problems.append(Problem(name, "has no agents", hint="add one row per agent"))
    return agents, set(seen)


# --- time off -------------------------------------------------------------------------


def _read_time_off(
    base: Path, spec: ScenarioFile, agents: set[str], problems: list[Problem]
) -> list[TimeOff]:
    if spec.time_off is None:
        return []
    opened = _csv_rows(base, spec.time_off, TIME_OFF_COLUMNS, TIME_OFF_OPTIONAL, problems)
    if opened is None:
        return []
    name, rows = opened
    known = agents
    first_day, last_day = spec.horizon.start, spec.horizon.days_list[-1]
    leaves: list[TimeOff] = []
    for row, record in rows:
        agent_id = record["agent_id"].strip()
        count = len(problems)
        if agent_id not in known:
            problems.append(_unknown_agent(name, row, record["agent_id"]))
        start = _parse_day(record["first_day"], name, row, "first_day", problems)
        end = _parse_day(record["last_day"], name, row, "last_day", problems)
        if start is not None and end is not None:
            if end < start:
                problems.append(
                    Problem(
                        name,
                        f"last_day {end} is before first_day {start}",
                        row=row,
                        field="last_day",
                        value=record["last_day"],
                    )
                )
            elif end < first_day or start > last_day:
                problems.append(
                    Problem(
                        name,
                        f"{start}..{end} lies outside the horizon {first_day}..{last_day}",
                        row=row,
                        field="first_day",
                        value=record["first_day"],
                        hint="remove the row or fix the dates",
                    )
                )
        if len(problems) == count and start is not None and end is not None:
            leaves.append(TimeOff(agent_id=agent_id, first_day=start, last_day=end, row=row))
    return leaves


# --- forecast -------------------------------------------------------------------------


def _read_forecast(base: Path, spec: ScenarioFile, problems: list[Problem]) -> pd.DataFrame:
    empty = pd.DataFrame({"queue": [], "interval": [], "contacts": []})
    if spec.forecast is None:
        return empty
    opened = _csv_rows(base, spec.forecast, FORECAST_COLUMNS, (), problems)
    if opened is None:
        return empty
    name, rows = opened
    collected = list(rows)
    if not collected:
        problems.append(Problem(name, "has no rows", hint="one row per queue and interval"))
        return empty
    frame = pd.DataFrame([record for _, record in collected])
    frame["row"] = np.asarray([number for number, _ in collected])
    horizon = spec.horizon
    step = pd.Timedelta(minutes=horizon.interval_minutes)
    origin = pd.Timestamp(horizon.start_utc)
    bad = np.zeros(len(frame), dtype=bool)

    def report(mask: np.ndarray, field: str, message: str, hint: str | None = None) -> None:
        nonlocal bad
        hits = np.flatnonzero(mask & ~bad)
        for index in hits[:20]:
            problems.append(
                Problem(
                    name,
                    message,
                    row=int(frame["row"].to_numpy()[index]),
                    field=field,
                    value=frame[field].iat[index],
                    hint=hint,
                )
            )
        if len(hits) > 20:
            problems.append(
                Problem(name, f"... and {len(hits) - 20} more rows like that", field=field)
            )
        bad |= mask

    queues = {queue.name for queue in spec.queues}
    frame["queue"] = frame["queue"].str.strip()
    report(
        ~frame["queue"].isin(queues).to_numpy(),
        "queue",
        "unknown queue",
        f"the scenario's queues are: {', '.join(sorted(queues))}",
    )
    text = frame["interval_start"].str.strip()
    # A bare date once read as midnight UTC: a whole day's contacts in one interval.
    report(
        text.str.fullmatch(r"\d{4}-\d\d-\d\d").to_numpy(dtype=bool),
        "interval_start",
        "is a date without a time of day",
        "write the interval's start time with its offset, e.g. 2027-03-22T09:30:00Z",
    )
    naive = ~text.str.contains(_OFFSET).to_numpy()
    report(
        naive,
        "interval_start",
        "timestamp has no UTC offset",
        "write ISO 8601 with an offset, e.g. 2027-03-22T09:00:00Z or +01:00",
    )
    stamps = pd.to_datetime(text.where(~naive), utc=True, format="ISO8601", errors="coerce")
    report(
        stamps.isna().to_numpy(),
        "interval_start",
        "is not an ISO 8601 timestamp",
        "e.g. 2027-03-22T09:30:00Z",
    )
    offsets = (stamps - origin) / step
    index = np.floor(offsets.fillna(0).to_numpy()).astype(np.int64)
    off_grid = offsets.fillna(0).to_numpy() != index
    report(
        off_grid,
        "interval_start",
        f"is not on the {horizon.interval_minutes}-minute grid",
        f"intervals start at multiples of {horizon.interval_minutes} minutes after 00:00 UTC",
    )
    outside = (index < 0) | (index >= horizon.intervals)
    report(
        outside,
        "interval_start",
        "falls outside the horizon",
        f"the grid runs from {horizon.start_utc:%Y-%m-%dT%H:%MZ} for {horizon.days} days",
    )
    contacts = pd.to_numeric(frame["contacts"].str.strip(), errors="coerce")
    report(contacts.isna().to_numpy(), "contacts", "is not a number")
    report(~np.isfinite(contacts.to_numpy(dtype=float)), "contacts", "is not a finite number")
    report((contacts < 0).to_numpy(), "contacts", "is negative")
    report(
        (contacts > MAX_CONTACTS).to_numpy(),
        "contacts",
        f"is more than {MAX_CONTACTS:,} contacts in one interval",
        "check the units: contacts per interval, not per month",
    )
    seconds = horizon.interval_minutes * 60
    for queue in spec.queues:
        if queue.kind != "realtime":
            continue
        # Agents busy at once, at the most generous concurrency: past the
        # bound no named roster could staff it, and the exact Erlang
        # search would run for minutes.
        busy = contacts.to_numpy(dtype=float) * queue.aht_seconds / seconds
        needed = busy / (queue.concurrency_factor or queue.concurrency) / queue.max_occupancy
        report(
            (frame["queue"] == queue.name).to_numpy() & (needed > MAX_AGENTS_AT_ONCE),
            "contacts",
            f"needs more than {MAX_AGENTS_AT_ONCE:,} agents at once on queue '{queue.name}' "
            f"(aht_seconds {queue.aht_seconds:g}, max_occupancy {queue.max_occupancy:g})",
            "check the units of contacts (per interval) and aht_seconds (seconds)",
        )
    if bad.any():
        return empty
    result = pd.DataFrame(
        {"queue": frame["queue"], "interval": index, "contacts": contacts.astype(float)}
    )
    duplicated = result.duplicated(["queue", "interval"], keep="first").to_numpy()
    report(duplicated, "interval_start", "is a second row for the same queue and interval")
    for queue in spec.queues:
        present = np.zeros(horizon.intervals, dtype=bool)
        present[result.loc[result["queue"] == queue.name, "interval"].to_numpy()] = True
        missing = np.flatnonzero(~present)
        if len(missing):
            problems.append(
                Problem(
                    name,
                    f"queue '{queue.name}' has no forecast for {len(missing)} of "
                    f"{horizon.intervals} intervals: {_ranges(missing, horizon.start_utc, step)}",
                    field="interval_start",
                    hint="add rows with contacts 0 where nobody writes in",
                )
            )
    return result.sort_values(["queue", "interval"], ignore_index=True)


def _ranges(indices: np.ndarray, origin: datetime, step: pd.Timedelta, most: int = 5) -> str:
    """Describe sorted grid indices as a few UTC time ranges."""
    spans: list[tuple[int, int]] = []
    for index in indices.tolist():
        if spans and index == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    delta = step.to_pytimedelta()
    text = [
        f"{origin + first * delta:%Y-%m-%d %H:%M}-{origin + (last + 1) * delta:%H:%M} UTC"
        for first, last in spans[:most]
    ]
    if len(spans) > most:
        text.append(f"and {len(spans) - most} more ranges")
    return ", ".join(text)


# --- previous roster ------------------------------------------------------------------


def _read_previous(
    base: Path, spec: ScenarioFile, agents: list[Agent], problems: list[Problem]
) -> list[PreviousShift]:
    """The previous cycle's shifts, read by the package's one roster reader."""
    from shiftplan.roster_io import RosterError, read_roster

    if spec.previous_roster is None:
        return []
    path = (base / spec.previous_roster).resolve()
    if not path.is_file():
        problems.append(
            Problem(
                display_path(path),
                "file not found",
                hint=f"the scenario names '{spec.previous_roster}'",
            )
        )
        return []
    zones = {agent.id: agent.timezone for agent in agents}
    try:
        frame = read_roster(path, zones=zones)
    except RosterError as error:
        problems.extend(error.problems)
        return []
    shifts: list[PreviousShift] = []
    for agent_id, day, start, end in zip(
        frame["agent_id"], frame["local_date"], frame["start_utc"], frame["end_utc"], strict=True
    ):
        if agent_id not in zones:
            # Someone who left the team: their past shifts constrain nobody.
            continue
        if start >= spec.horizon.start_utc + timedelta(days=1):
            continue
        shifts.append(
            PreviousShift(
                agent_id=agent_id,
                local_date=day,
                start_utc=start.to_pydatetime(),
                end_utc=end.to_pydatetime(),
            )
        )
    return shifts


# --- shift cover (demand as head-count per shift type and day) ---------------------------


def read_shift_cover(base: Path, spec: ScenarioFile, problems: list[Problem]) -> list[ShiftCover]:
    """Rows of the ``demand`` CSV, checked against the horizon and the shift types."""
    if spec.demand is None:
        return []
    opened = _csv_rows(base, spec.demand, SHIFT_COVER_COLUMNS, SHIFT_COVER_OPTIONAL, problems)
    if opened is None:
        return []
    name, rows = opened
    types = sorted({shift.name for c in spec.contracts.values() for shift in c.shift_types})
    first_day, last_day = spec.horizon.start, spec.horizon.days_list[-1]
    found: list[ShiftCover] = []
    seen: dict[tuple[date, str], int] = {}
    for row, record in rows:
        count = len(problems)
        day = _parse_day(record["date"], name, row, "date", problems)
        if day is not None and not first_day <= day <= last_day:
            problems.append(
                Problem(name, f"{day} lies outside the horizon", row, "date", record["date"])
            )
        shift_type = record["shift_type"].strip()
        if shift_type not in types:
            close = difflib.get_close_matches(shift_type, types, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"types: {', '.join(types)}"
            if not types:
                hint = "define shift_types in a contract first"
            problems.append(
                Problem(
                    name,
                    f"'{shift_type}' is not a shift type of any contract",
                    row,
                    "shift_type",
                    record["shift_type"],
                    hint,
                )
            )
        numbers: dict[str, float] = {}
        for field, default in (("required", None), ("under_weight", 1.0), ("over_weight", 0.0)):
            text = record.get(field, "").strip()
            if not text and default is not None:
                numbers[field] = default
                continue
            try:
                value = float(text)
            except ValueError:
                value = -1.0
            whole = field != "required" or value.is_integer()
            if not (value >= 0 and whole):
                what = "a whole number >= 0" if field == "required" else "a number >= 0"
                problems.append(Problem(name, f"must be {what}", row, field, record.get(field)))
            numbers[field] = value
        if day is not None and len(problems) == count:
            key = (day, shift_type)
            if key in seen:
                problems.append(
                    Problem(
                        name,
                        f"{shift_type} on {day} is listed twice",
                        row,
                        "shift_type",
                        shift_type,
                        f"row {seen[key]} has it too",
                    )
                )
                continue
            seen[key] = row
            found.append(
                ShiftCover(
                    day=day,
                    shift_type=shift_type,
                    required=int(numbers["required"]),
                    under_weight=numbers["under_weight"],
                    over_weight=numbers["over_weight"],
                    row=row,
                )
            )
    return found


SHIFT_COVER_COLUMNS = ("date", "shift_type", "required")
SHIFT_COVER_OPTIONAL = ("under_weight", "over_weight", "note")


# --- requests -------------------------------------------------------------------------


REQUEST_COLUMNS = ("agent_id", "date", "kind", "weight")


def _read_requests(
    base: Path,
    spec: ScenarioFile,
    agents: list[Agent],
    agent_ids: set[str],
    problems: list[Problem],
) -> list[Request]:
    if spec.requests is None:
        return []
    opened = _csv_rows(base, spec.requests, REQUEST_COLUMNS, ("shift_type", "note"), problems)
    if opened is None:
        return []
    name, rows = opened
    contract_of = {agent.id: spec.contracts[agent.contract] for agent in agents}
    first_day, last_day = spec.horizon.start, spec.horizon.days_list[-1]
    found: list[Request] = []
    for row, record in rows:
        count = len(problems)
        agent_id = record["agent_id"].strip()
        if agent_id not in agent_ids:
            problems.append(_unknown_agent(name, row, record["agent_id"]))
        day = _parse_day(record["date"], name, row, "date", problems)
        if day is not None and not first_day <= day <= last_day:
            problems.append(
                Problem(
                    name,
                    f"{day} lies outside the horizon",
                    row=row,
                    field="date",
                    value=record["date"],
                )
            )
        kind = record["kind"].strip().lower()
        if kind not in ("on", "off"):
            problems.append(
                Problem(
                    name, "kind must be 'on' or 'off'", row=row, field="kind", value=record["kind"]
                )
            )
        try:
            weight = float(record["weight"])
        except ValueError:
            weight = -1.0
        if not 0 <= weight <= MAX_WEIGHT:
            problems.append(
                Problem(
                    name,
                    f"weight must be a number from 0 to {MAX_WEIGHT:g}",
                    row=row,
                    field="weight",
                    value=record["weight"],
                )
            )
        shift_type = record.get("shift_type", "").strip() or None
        contract = contract_of.get(agent_id)
        if shift_type is not None and contract is not None:
            names = [shift.name for shift in contract.shift_types]
            if shift_type not in names:
                problems.append(
                    Problem(
                        name,
                        f"'{shift_type}' is not a shift type of the agent's contract",
                        row=row,
                        field="shift_type",
                        value=shift_type,
                        hint=f"types: {', '.join(names) or 'none defined'}",
                    )
                )
        if len(problems) == count and day is not None:
            found.append(
                Request(
                    agent_id=agent_id,
                    day=day,
                    kind=kind,
                    weight=weight,
                    shift_type=shift_type,
                    row=row,
                )
            )
    return found
