"""A tiny, valid scenario written to disk, with one-line ways to break it.

:func:`write_tiny_scenario` writes ``scenario.yaml``, ``agents.csv``,
``forecast.csv`` and ``time_off.csv`` into a folder. Without arguments the
scenario loads cleanly; each keyword replaces one part of it, so a test of a
broken scenario reads as the one mistake it makes::

    write_tiny_scenario(tmp_path, settings={"shrinkage": 1.5})
    write_tiny_scenario(tmp_path, agents=with_row(default_agents(), 0, country="USA"))

The scenario: 7 days from Monday 2027-03-22 (Europe changes its clocks on
Sunday 2027-03-28, New York and Sydney do not change inside it), a 60-minute
UTC grid, a chat and an email queue, one contract and four agents in Berlin,
New York, Manila and Sydney.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

START = date(2027, 3, 22)
DAYS = 7
INTERVAL_MINUTES = 60
QUEUES = ("chat", "email")
YAML_NAME = "scenario.yaml"
AGENTS_NAME = "agents.csv"
FORECAST_NAME = "forecast.csv"
TIME_OFF_NAME = "time_off.csv"

Row = dict[str, object]


class _Remove:
    """Marker for :data:`REMOVE`."""

    def __repr__(self) -> str:
        return "REMOVE"


REMOVE: Any = _Remove()
"""A value in ``settings`` that deletes the key from the YAML file."""


def default_settings() -> dict[str, Any]:
    """The YAML file of the tiny scenario, as a dict (a fresh copy each call)."""
    return {
        "name": "Tiny team",
        "horizon": {"start": START, "days": DAYS, "interval_minutes": INTERVAL_MINUTES},
        "report_timezone": "Europe/Berlin",
        "queues": [
            {
                "name": "chat",
                "kind": "realtime",
                "aht_seconds": 300,
                "service_level": {"target": 0.8, "answer_within_seconds": 60},
                "skill": "chat",
            },
            {
                "name": "email",
                "kind": "deferred",
                "aht_seconds": 360,
                "respond_within_hours": 4,
                "skill": "email",
            },
        ],
        "shrinkage": 0.2,
        "forecast": FORECAST_NAME,
        "agents": AGENTS_NAME,
        "time_off": TIME_OFF_NAME,
        "contracts": {
            "day": {
                "hours_per_week": {"min": 16, "max": 40},
                "shift_hours": [8],
                "days_per_week": {"min": 2, "max": 5},
                "start_window": {"earliest": "08:00", "latest": "10:00"},
                "start_step_minutes": 60,
                "min_rest_hours": 11,
                "max_consecutive_days": 6,
            }
        },
    }


def default_agents() -> list[Row]:
    """agents.csv rows: one agent in each of four time zones."""
    return [
        {"id": "DE1", "name": "Anna Schmidt", "timezone": "Europe/Berlin", "country": "DE",
         "contract": "day", "skills": "chat;email"},
        {"id": "US1", "name": "Mike Johnson", "timezone": "America/New_York", "country": "US",
         "contract": "day", "skills": "chat;email"},
        {"id": "PH1", "name": "Maria Santos", "timezone": "Asia/Manila", "country": "PH",
         "contract": "day", "skills": "chat"},
        {"id": "AU1", "name": "Jack Wilson", "timezone": "Australia/Sydney", "country": "AU",
         "contract": "day", "skills": "chat;email"},
    ]  # fmt: skip


def grid_starts() -> list[datetime]:
    """Every interval start of the UTC grid."""
    origin = datetime(START.year, START.month, START.day, tzinfo=UTC)
    step = timedelta(minutes=INTERVAL_MINUTES)
    return [origin + index * step for index in range(DAYS * 24 * 60 // INTERVAL_MINUTES)]


def stamp(moment: datetime) -> str:
    """A UTC instant as the forecast file writes it: ISO 8601 with a Z."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"


def chat_contacts(moment: datetime) -> int:
    """A modest day curve: 4-12 contacts an hour 08-20 UTC, 0-2 otherwise."""
    if 8 <= moment.hour < 20:
        return 4 + (moment.hour * 5 + moment.day) % 9
    return (moment.hour + moment.day) % 3


def default_forecast() -> list[Row]:
    """forecast.csv rows: every (queue, interval) of the grid; email is half of chat."""
    rows: list[Row] = []
    for queue in QUEUES:
        for moment in grid_starts():
            contacts = chat_contacts(moment)
            if queue == "email":
                contacts //= 2
            rows.append({"queue": queue, "interval_start": stamp(moment), "contacts": contacts})
    return rows


def default_time_off() -> list[Row]:
    """time_off.csv rows: two days of leave in New York."""
    return [
        {"agent_id": "US1", "first_day": "2027-03-24", "last_day": "2027-03-25",
         "reason": "annual leave"},
    ]  # fmt: skip


def csv_row(index: int) -> int:
    """The row number a spreadsheet shows for data row ``index`` (header = row 1)."""
    return index + 2


def forecast_index(rows: Sequence[Row], queue: str, moment: str) -> int:
    """Position of the forecast row of ``queue`` at ``moment`` (as written)."""
    for index, row in enumerate(rows):
        if row["queue"] == queue and row["interval_start"] == moment:
            return index
    raise KeyError((queue, moment))


def with_row(rows: Sequence[Row], index: int, **changes: object) -> list[Row]:
    """A copy of ``rows`` with some cells of row ``index`` changed."""
    copy = [dict(row) for row in rows]
    copy[index].update(changes)
    return copy


def without_column(rows: Sequence[Row], column: str) -> list[Row]:
    """A copy of ``rows`` without one column."""
    return [{key: value for key, value in row.items() if key != column} for row in rows]


def with_column(rows: Sequence[Row], column: str, value: object) -> list[Row]:
    """A copy of ``rows`` with an extra column holding ``value`` in every row."""
    return [{**row, column: value} for row in rows]


def deep_merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` merged in, dict by dict; :data:`REMOVE` deletes a key."""
    merged = dict(base)
    for key, value in changes.items():
        if value is REMOVE:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    """Write rows as CSV; the header is every key, in order of first appearance."""
    header: list[str] = []
    for row in rows:
        header.extend(key for key in row if key not in header)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_tiny_scenario(
    directory: Path,
    *,
    settings: Mapping[str, Any] | None = None,
    agents: Sequence[Row] | None = None,
    forecast: Sequence[Row] | None = None,
    time_off: Sequence[Row] | None = None,
    yaml_edit: Callable[[str], str] | None = None,
) -> Path:
    """Write the tiny scenario into ``directory`` and return its YAML path.

    Parameters
    ----------
    directory
        Folder to write ``scenario.yaml`` and its three CSV files in.
    settings
        Deep-merged into the YAML dict; a value of :data:`REMOVE` deletes a key.
    agents, forecast, time_off
        Rows replacing the default rows of that CSV file.
    yaml_edit
        Applied to the YAML text just before it is written (e.g. a typo).
    """
    directory.mkdir(parents=True, exist_ok=True)
    spec = deep_merge(default_settings(), settings or {})
    text = yaml.safe_dump(spec, sort_keys=False, default_flow_style=False, allow_unicode=True)
    if yaml_edit is not None:
        text = yaml_edit(text)
    path = directory / YAML_NAME
    path.write_text(text, encoding="utf-8")
    write_csv(directory / AGENTS_NAME, default_agents() if agents is None else agents)
    write_csv(directory / FORECAST_NAME, default_forecast() if forecast is None else forecast)
    write_csv(directory / TIME_OFF_NAME, default_time_off() if time_off is None else time_off)
    return path
