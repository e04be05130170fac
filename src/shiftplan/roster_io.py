"""The one roster reader and writer: roster.csv and the published workbook.

Every part of shiftplan that reads a roster goes through :func:`read_roster`
(``validate --roster``, ``solve --initial-roster``, ``solve --lock``, a
scenario's ``previous_roster``) and roster.csv is written by
:func:`write_roster_csv` only, so there is one notion of what a roster file
means.

Which columns are authoritative
-------------------------------
People edit rosters in spreadsheets, and they edit the times they read: the
agent's local times. So a shift is **the agent, its local date and its local
start and end wall-clock times, read in the agent's IANA zone** (taken from
the scenario when one is given, else from the file's ``timezone`` column).
``start_utc`` and ``end_utc`` are derived from them; when the file's UTC
columns disagree they are recomputed and a note says so, instead of
reporting the edit as broken. The UTC offset written in a local time only
chooses between the two occurrences of a wall time in the autumn overlap.
``paid_hours`` is kept as written (the validator checks it equals the
elapsed time) and derived from the times when absent, as in the workbook.

Text cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return are written with a leading single quote (OWASP's advice against CSV
injection), so a name can never become a formula in a spreadsheet; the
reader removes that quote again.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from shiftplan.errors import Problem, ShiftplanError

if TYPE_CHECKING:
    from shiftplan.scenario.models import Scenario

ROSTER_COLUMNS = (
    "agent_id",
    "agent_name",
    "timezone",
    "local_date",
    "start_local",
    "end_local",
    "start_utc",
    "end_utc",
    "paid_hours",
)
"""The columns of roster.csv and of every roster frame, in file order."""

REQUIRED_COLUMNS = ("agent_id", "local_date", "start_local", "end_local")
"""What a hand-written roster.csv needs; the other columns are derived."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text cell as a formula."""

LONGEST_SHIFT_HOURS = 24.0

_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-\u2013\u2014]\s*(\d{1,2}):(\d{2})\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
NO_SHIFT_LABELS = ("off", "leave", "time off", "public holiday", "holiday", "sick")
"""Workbook cell labels that mean "no shift this day" (case-insensitive prefixes)."""


@dataclass
class RosterError(ShiftplanError):
    """A roster file that cannot be read; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the roster:"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])


def protect(text: str) -> str:
    """``text`` with a leading quote when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unprotect(text: str) -> str:
    """Undo :func:`protect`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


# --- writing ----------------------------------------------------------------------------


def csv_frame(shifts: pd.DataFrame) -> pd.DataFrame:
    """A roster frame as roster.csv writes it: ISO 8601 text, protected names."""
    frame = shifts.loc[:, list(ROSTER_COLUMNS)].copy()
    for column in ("start_local", "end_local"):
        frame[column] = [pd.Timestamp(stamp).isoformat() for stamp in frame[column]]
    for column in ("start_utc", "end_utc"):
        frame[column] = [
            pd.Timestamp(stamp).tz_convert(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            for stamp in frame[column]
        ]
    frame["local_date"] = [pd.Timestamp(day).date().isoformat() for day in frame["local_date"]]
    for column in ("agent_id", "agent_name"):
        frame[column] = [protect(str(text)) for text in frame[column]]
    return frame


def write_roster_csv(shifts: pd.DataFrame, path: Path) -> Path:
    """Write roster.csv atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            csv_frame(shifts).to_csv(stream, index=False, lineterminator="\n")
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    """One shift as a file writes it, with where it came from."""

    where: Callable[[str | None], Problem]
    agent_id: str
    agent_name: str
    timezone: str
    local_date: date
    start: str
    end: str
    paid_hours: str | None = None
    start_utc: str | None = None
    end_utc: str | None = None
    utc_only: bool = False
    """A file without local columns (e.g. an old previous roster): UTC decides."""


def read_roster(
    path: str | Path,
    scenario: Scenario | None = None,
    *,
    zones: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Read a roster.csv or a published roster workbook (.xlsx) into a roster frame.

    Parameters
    ----------
    path
        A ``roster.csv`` (as ``shiftplan solve`` writes it, possibly edited)
        or a workbook written by ``shiftplan export --format xlsx``.
    scenario
        When given, each agent's time zone and start window come from it
        (local times are read in the agent's zone; a start after midnight in
        a window crossing midnight belongs to the day before).
    zones
        Agent id to IANA zone, when there is no scenario yet.
    notes
        Receives one line per row whose UTC columns were recomputed.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ROSTER_COLUMNS`, one row per shift, times tz-aware.

    Raises
    ------
    RosterError
        Naming file, row (or sheet and cell), field and value of every cell
        that cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError([Problem(str(path), "file not found")])
    workbook = path.suffix.lower() in (".xlsx", ".xlsm")
    written = _workbook_rows(path) if workbook else _csv_rows(path)
    return _resolve(written, scenario, zones or {}, notes)


def _csv_rows(path: Path) -> list[_Written]:
    name = path.name
    if path.stat().st_size == 0:
        raise RosterError(
            [
                Problem(
                    name,
                    "file is empty",
                    hint=f"a roster.csv starts with a header row: {','.join(ROSTER_COLUMNS)}",
                )
            ]
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise RosterError([Problem(name, f"cannot be read as CSV: {error}")]) from None
    frame.columns = [str(column).strip() for column in frame.columns]
    utc_only = not {"start_local", "end_local"} & set(frame.columns) and {
        "start_utc",
        "end_utc",
    } <= set(frame.columns)
    needed = ("agent_id", "local_date") if utc_only else REQUIRED_COLUMNS
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        msg = f"the roster lacks column(s) {', '.join(missing)}"
        raise RosterError([Problem(name, msg, hint=f"columns: {','.join(ROSTER_COLUMNS)}")])
    problems: list[Problem] = []
    rows: list[_Written] = []
    for index, record in enumerate(frame.to_dict("records")):
        row = index + 2  # the header is row 1, as a spreadsheet shows it

        def where(column: str | None, row: int = row, record: dict[Any, Any] = record) -> Problem:
            return Problem(name, "", row=row, field=column, value=record.get(column or ""))

        text = {key: str(value).strip() for key, value in record.items()}
        day = _parse_date(text["local_date"])
        if day is None:
            problems.append(
                Problem(
                    name,
                    "is not a YYYY-MM-DD date",
                    row=row,
                    field="local_date",
                    value=record["local_date"],
                )
            )
            continue
        rows.append(
            _Written(
                where=where,
                agent_id=unprotect(text["agent_id"]),
                agent_name=unprotect(text.get("agent_name", "")),
                timezone=text.get("timezone", ""),
                local_date=day,
                start=text["start_utc" if utc_only else "start_local"],
                end=text["end_utc" if utc_only else "end_local"],
                paid_hours=text.get("paid_hours"),
                start_utc=None if utc_only else text.get("start_utc"),
                end_utc=None if utc_only else text.get("end_utc"),
                utc_only=utc_only,
            )
        )
    if problems:
        raise RosterError(problems)
    return rows


def _workbook_rows(path: Path) -> list[_Written]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise RosterError([Problem(name, f"cannot be opened as a workbook: {error}")]) from None
    problems: list[Problem] = []
    rows: list[_Written] = []
    weeks = [sheet for sheet in workbook.worksheets if sheet.title.lower().startswith("week")]
    if not weeks:
        msg = "has no 'Week ...' sheet; expected a workbook from shiftplan export --format xlsx"
        raise RosterError([Problem(name, msg)])
    for sheet in weeks:
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        header_at = next(
            (i for i, row in enumerate(values[:10]) if row and _text(row[0]) == "Agent ID"), None
        )
        if header_at is None:
            problems.append(Problem(f"{name}, sheet '{sheet.title}'", "no 'Agent ID' header row"))
            continue
        header = values[header_at]
        days: dict[int, date] = {}
        for column, value in enumerate(header):
            if isinstance(value, datetime):
                days[column] = value.date()
            elif isinstance(value, date):
                days[column] = value
        for offset, row_values in enumerate(values[header_at + 1 :]):
            row = header_at + 2 + offset
            agent_id = unprotect(_text(row_values[0] if row_values else None))
            if not agent_id:
                continue  # a zone's heading row, or blank
            agent_name = unprotect(_text(row_values[1] if len(row_values) > 1 else None))
            zone = _text(row_values[2] if len(row_values) > 2 else None)
            for column, day in days.items():
                value = row_values[column] if column < len(row_values) else None
                cell = f"{get_column_letter(column + 1)}{row}"
                place = f"{name}, sheet '{sheet.title}', cell {cell}"
                text = _text(value)
                if not text or text.lower().startswith(NO_SHIFT_LABELS):
                    continue
                match = _SPAN.match(text)
                if match is None:
                    problems.append(
                        Problem(
                            place,
                            f"{value!r} is not a shift like 07:00-15:00 (agent {agent_id}, "
                            f"{day:%a} {day}); leave the cell empty for a day off",
                        )
                    )
                    continue
                start = f"{int(match[1]):02d}:{match[2]}"
                end = f"{int(match[3]):02d}:{match[4]}"

                def where(column_name: str | None, place: str = place, text: str = text) -> Problem:
                    return Problem(place, "", value=text)

                rows.append(_Written(where, agent_id, agent_name, zone, day, start, end))
    workbook.close()
    if problems:
        raise RosterError(problems)
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        return None


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _wall(text: str, day: date, zone: ZoneInfo) -> tuple[datetime, int] | None:
    """Wall-clock time and fold from an ISO timestamp or HH:MM; None if unreadable."""
    clock = _CLOCK.match(text)
    if clock is not None:
        hour, minute = int(clock[1]), int(clock[2])
        if hour > 23 or minute > 59:
            return None
        return datetime.combine(day, time(hour, minute)), 0
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    naive = stamp.replace(tzinfo=None)
    fold = 0
    # The written offset picks the occurrence of an autumn-overlap wall time.
    if stamp.tzinfo is not None and naive.replace(tzinfo=zone, fold=1).utcoffset() == (
        stamp.utcoffset()
    ):
        fold = 1
    return naive, fold


def _aware(text: str) -> datetime | None:
    """An ISO 8601 timestamp with an offset, or None."""
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def _instant(wall: datetime, fold: int, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall time in ``zone``; None inside a spring-forward gap."""
    aware = wall.replace(tzinfo=zone, fold=fold)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


def _crosses_midnight(scenario: Scenario | None, agent_id: str) -> time | None:
    """The latest start of the agent's window when it crosses midnight, else None."""
    if scenario is None:
        return None
    agent = next((a for a in scenario.agents if a.id == agent_id), None)
    if agent is None:
        return None
    window = scenario.contracts[agent.contract].start_window
    return window.latest if window.latest < window.earliest else None


def _resolve(
    written: Iterable[_Written],
    scenario: Scenario | None,
    zones: Mapping[str, str],
    notes: list[str] | None,
) -> pd.DataFrame:
    """Turn written local times into the roster frame; collect every problem."""
    known = {agent.id: agent.timezone for agent in scenario.agents} if scenario else {}
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []

    def fail(entry: _Written, column: str | None, message: str, value: object = None) -> None:
        base = entry.where(column)
        shown = value if value is not None else base.value
        problems.append(Problem(base.file, message, row=base.row, field=base.field, value=shown))

    for entry in written:
        if not entry.agent_id:
            fail(entry, "agent_id", "is empty")
            continue
        zone_name = known.get(entry.agent_id) or zones.get(entry.agent_id) or entry.timezone
        if entry.utc_only and not _zone(zone_name):
            zone_name = "UTC"  # only instants matter then
        zone = _zone(zone_name)
        if zone is None:
            fail(
                entry,
                "timezone",
                f"no IANA time zone for agent '{entry.agent_id}' "
                "(not in the scenario, and the timezone column is empty or unknown)",
            )
            continue
        start: tuple[datetime, int] | None
        end: tuple[datetime, int] | None
        if entry.utc_only:
            instants = [_aware(entry.start), _aware(entry.end)]
            for column, instant in zip(("start_utc", "end_utc"), instants, strict=True):
                if instant is None:
                    fail(entry, column, "is not an ISO 8601 timestamp with an offset")
            if instants[0] is None or instants[1] is None:
                continue
            local_start = instants[0].astimezone(zone)
            local_end = instants[1].astimezone(zone)
            start = (local_start.replace(tzinfo=None, fold=0), local_start.fold)
            end = (local_end.replace(tzinfo=None, fold=0), local_end.fold)
        else:
            start = _wall(entry.start, entry.local_date, zone)
            end = _wall(entry.end, entry.local_date, zone)
        if start is None:
            fail(entry, "start_local", "is not a local time like 2027-03-22T07:00+01:00 or 07:00")
        if end is None:
            fail(entry, "end_local", "is not a local time like 2027-03-22T15:00+01:00 or 15:00")
        if start is None or end is None:
            continue
        start_wall, start_fold = start
        end_wall, end_fold = end
        latest = _crosses_midnight(scenario, entry.agent_id)
        if _CLOCK.match(entry.start) and latest is not None and start_wall.time() <= latest:
            # In a window crossing midnight, 00:30 belongs to the day before.
            start_wall += timedelta(days=1)
        if _CLOCK.match(entry.end):
            end_wall = datetime.combine(start_wall.date(), end_wall.time())
            if end_wall <= start_wall:
                end_wall += timedelta(days=1)
        start_utc = _instant(start_wall, start_fold, zone)
        end_utc = _instant(end_wall, end_fold, zone)
        if start_utc is None or end_utc is None:
            which = "start_local" if start_utc is None else "end_local"
            moment = start_wall if start_utc is None else end_wall
            fail(
                entry,
                which,
                f"{moment:%Y-%m-%d %H:%M} does not exist in {zone.key}: the clocks jump "
                "forward over it",
            )
            continue
        if end_utc <= start_utc:
            if entry.utc_only:
                fail(entry, "end_utc", "is not after start_utc")
            else:
                fail(entry, "end_local", "is not after start_local")
            continue
        elapsed = (end_utc - start_utc).total_seconds() / 3600
        paid = elapsed
        if entry.paid_hours:
            try:
                paid = float(entry.paid_hours)
            except ValueError:
                paid = math.nan
            if not (math.isfinite(paid) and 0 < paid <= LONGEST_SHIFT_HOURS):
                fail(
                    entry,
                    "paid_hours",
                    f"is not a number of hours between 0 and {LONGEST_SHIFT_HOURS:g}",
                )
                continue
        for column, text, instant in (
            ("start_utc", entry.start_utc, start_utc),
            ("end_utc", entry.end_utc, end_utc),
        ):
            if not text:
                continue
            try:
                stated = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                stated = None
            if stated is None or stated.tzinfo is None:
                fail(
                    entry,
                    column,
                    "is not an ISO 8601 timestamp with an offset (it is derived from the "
                    "local times: correct it or leave it empty)",
                )
                break
            if stated != instant and notes is not None:
                place = entry.where(column)
                notes.append(
                    f"{place.file} row {place.row}: {column} {text} recomputed as "
                    f"{instant:%Y-%m-%dT%H:%M:%SZ} from the local times (local times decide)"
                )
        rows.append(
            {
                "agent_id": entry.agent_id,
                "agent_name": entry.agent_name,
                "timezone": entry.timezone or zone.key,
                "local_date": entry.local_date,
                "start_local": pd.Timestamp(start_utc).tz_convert(zone.key),
                "end_local": pd.Timestamp(end_utc).tz_convert(zone.key),
                "start_utc": pd.Timestamp(start_utc),
                "end_utc": pd.Timestamp(end_utc),
                "paid_hours": paid,
            }
        )
    if problems:
        raise RosterError(problems)
    frame = pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))
    return frame.sort_values(["agent_id", "start_utc"], ignore_index=True, kind="stable")
