"""Reading a roster: a frame or a roster.csv, parsed row by row into shifts.

A row whose cells cannot be read is a ``consistent times`` violation; every
other rule works on the parsed :class:`RosterShift` rows.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from shiftplan.roster_io import ROSTER_COLUMNS
from shiftplan.scenario.models import Scenario

VALIDATED_COLUMNS = tuple(column for column in ROSTER_COLUMNS if column != "agent_name")
"""Columns the validator needs; ``agent_name`` is allowed but not checked."""


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    Parameters
    ----------
    agent_id
        The agent concerned (as written in the roster for unknown agents).
    rule
        One of :data:`RULES`.
    detail
        What is wrong, when, and by how much, in plain words.
    """

    agent_id: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.rule}: {self.detail}"


@dataclass(frozen=True)
class RosterShift:
    """One parsed roster row."""

    row: int
    agent_id: str
    timezone: str
    local_date: date
    start_local: datetime
    end_local: datetime
    start: datetime
    end: datetime
    paid_hours: float

    @property
    def paid_minutes(self) -> int:
        """Paid time in whole minutes."""
        return round(self.paid_hours * 60)

    def label(self) -> str:
        """How a sentence names this shift."""
        return f"shift of {self.local_date} starting {self.start_local.isoformat()}"


def read_frame(roster: pd.DataFrame | str | Path, scenario: Scenario | None = None) -> pd.DataFrame:
    """A frame as given, or a file through the package's one roster reader.

    The reader takes local times as authoritative and raises RosterError
    (exit 2) for a cell it cannot read; a frame given directly is checked
    as it is, UTC columns included.
    """
    if isinstance(roster, pd.DataFrame):
        return roster
    from shiftplan.roster_io import read_roster

    return read_roster(roster, scenario)


def require_columns(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise ValueError naming the columns the roster lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        msg = f"the roster lacks column(s) {', '.join(missing)}"
        raise ValueError(msg)


def records(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """The frame's rows as dicts."""
    return frame.to_dict("records")


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def instant(value: object) -> datetime | None:
    """An aware datetime from an ISO 8601 string or timestamp; None if impossible."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        stamp: datetime = value.to_pydatetime()
    elif isinstance(value, datetime):
        stamp = value
    else:
        try:
            stamp = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        return None
    return stamp


def _day(value: object) -> date | None:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _hours(value: object) -> float | None:
    if _missing(value):
        return None
    try:
        hours = float(str(value).strip())
    except ValueError:
        return None
    return hours if math.isfinite(hours) else None


def parse_rows(frame: pd.DataFrame, violations: list[Violation]) -> list[RosterShift]:
    """Parse every row; unreadable cells are `consistent times` violations."""
    shifts: list[RosterShift] = []
    # Rows are numbered as a spreadsheet shows them: the header is row 1.
    for number, record in enumerate(records(frame), start=2):
        agent_id = "" if _missing(record["agent_id"]) else str(record["agent_id"]).strip()
        problems: list[str] = []
        local_day = _day(record["local_date"])
        if local_day is None:
            problems.append(f"local_date {record['local_date']!r} is not a YYYY-MM-DD date")
        stamps: dict[str, datetime] = {}
        for field in ("start_local", "end_local", "start_utc", "end_utc"):
            stamp = instant(record[field])
            if stamp is None:
                problems.append(
                    f"{field} {record[field]!r} is not an ISO 8601 timestamp with an offset"
                )
            else:
                stamps[field] = stamp
        paid = _hours(record["paid_hours"])
        if paid is None:
            problems.append(f"paid_hours {record['paid_hours']!r} is not a number")
        if problems or local_day is None or paid is None:
            violations.append(
                Violation(
                    agent_id, "consistent times", f"roster row {number}: " + "; ".join(problems)
                )
            )
            continue
        zone = "" if _missing(record["timezone"]) else str(record["timezone"])
        shifts.append(
            RosterShift(
                row=number,
                agent_id=agent_id,
                timezone=zone,
                local_date=local_day,
                start_local=stamps["start_local"],
                end_local=stamps["end_local"],
                start=stamps["start_utc"],
                end=stamps["end_utc"],
                paid_hours=paid,
            )
        )
    return shifts
