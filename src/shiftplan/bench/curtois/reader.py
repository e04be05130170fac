"""Read an instance file of the Curtois & Qu benchmark into plain values.

The format (https://www.schedulingbenchmarks.org/nrp/instances1_24.html):
comment lines start with ``#``; sections SECTION_HORIZON, SECTION_SHIFTS,
SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS,
SECTION_SHIFT_OFF_REQUESTS and SECTION_COVER hold comma-separated rows.
Day 0 is a Monday.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from shiftplan.errors import ShiftplanError

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class InstanceError(ShiftplanError, ValueError):
    """An instance file that does not follow the format, with file and line."""


@dataclass(frozen=True)
class Shift:
    """A shift type: its length and the types that may not follow it the next day."""

    id: str
    minutes: int
    cannot_follow: tuple[str, ...]


@dataclass(frozen=True)
class Staff:
    """One employee's limits over the horizon."""

    id: str
    max_shifts: dict[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """A weighted wish to work (on) or not work (off) a shift type on a day."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    """People wanted on a shift type on a day, and the weights of a miss."""

    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class CurtoisInstance:
    """One benchmark instance, as its file states it."""

    name: str
    days: int
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: dict[str, frozenset[int]]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]

    @property
    def weeks(self) -> int:
        """Whole weeks in the horizon (weekend w is days 7w+5 and 7w+6)."""
        return self.days // 7

    def shift(self, shift_id: str) -> Shift:
        """The shift type with this id."""
        for shift in self.shifts:
            if shift.id == shift_id:
                return shift
        msg = f"{self.name}: no shift type '{shift_id}'"
        raise KeyError(msg)


def read_instance(path: str | Path) -> CurtoisInstance:
    """Parse ``InstanceN.txt``.

    Raises
    ------
    InstanceError
        Naming the file, line and value when the file breaks the format.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{path}: cannot read the instance ({error})"
        raise InstanceError(msg) from error
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                msg = f"{path} line {number}: unknown section '{line}'"
                raise InstanceError(msg)
            current = line
            sections[current] = []
            continue
        if current is None:
            msg = f"{path} line {number}: '{line}' comes before any SECTION_ line"
            raise InstanceError(msg)
        fields = next(csv.reader([line]))
        sections[current].append((number, [field.strip() for field in fields]))
    missing = [name for name in SECTIONS if name not in sections]
    if missing:
        msg = f"{path}: missing section(s) {', '.join(missing)}"
        raise InstanceError(msg)
    return _build(path, sections)


def _build(path: Path, sections: dict[str, list[tuple[int, list[str]]]]) -> CurtoisInstance:
    def integer(value: str, number: int, what: str) -> int:
        try:
            return int(value)
        except ValueError:
            msg = f"{path} line {number}: {what} '{value}' is not a whole number"
            raise InstanceError(msg) from None

    def width(fields: list[str], number: int, least: int) -> None:
        if len(fields) < least:
            msg = f"{path} line {number}: {len(fields)} fields, expected at least {least}"
            raise InstanceError(msg)

    horizon = sections["SECTION_HORIZON"]
    if len(horizon) != 1:
        msg = f"{path}: SECTION_HORIZON must hold one number"
        raise InstanceError(msg)
    days = integer(horizon[0][1][0], horizon[0][0], "horizon")
    if days <= 0 or days % 7:
        msg = f"{path} line {horizon[0][0]}: horizon {days} is not a positive multiple of 7"
        raise InstanceError(msg)

    shifts = []
    for number, fields in sections["SECTION_SHIFTS"]:
        width(fields, number, 2)
        follow = fields[2] if len(fields) > 2 else ""
        cannot = tuple(item.strip() for item in follow.split("|") if item.strip())
        shifts.append(Shift(fields[0], integer(fields[1], number, "length"), cannot))
    shift_ids = {shift.id for shift in shifts}
    for shift in shifts:
        for other in shift.cannot_follow:
            if other not in shift_ids:
                msg = f"{path}: shift {shift.id} names unknown shift '{other}' it cannot precede"
                raise InstanceError(msg)

    staff = []
    for number, fields in sections["SECTION_STAFF"]:
        width(fields, number, 8)
        maxima: dict[str, int] = {}
        for item in fields[1].split("|"):
            shift_id, _, most = item.partition("=")
            if shift_id not in shift_ids:
                msg = f"{path} line {number}: MaxShifts names unknown shift '{shift_id}'"
                raise InstanceError(msg)
            maxima[shift_id] = integer(most, number, f"MaxShifts of {shift_id}")
        values = [integer(value, number, "staff limit") for value in fields[2:8]]
        staff.append(Staff(fields[0], maxima, *values))
    staff_ids = {member.id for member in staff}

    def known(employee: str, shift_id: str | None, day: int, number: int) -> None:
        if employee not in staff_ids:
            msg = f"{path} line {number}: unknown employee '{employee}'"
            raise InstanceError(msg)
        if shift_id is not None and shift_id not in shift_ids:
            msg = f"{path} line {number}: unknown shift '{shift_id}'"
            raise InstanceError(msg)
        if not 0 <= day < days:
            msg = f"{path} line {number}: day {day} outside 0..{days - 1}"
            raise InstanceError(msg)

    days_off: dict[str, frozenset[int]] = {member.id: frozenset() for member in staff}
    for number, fields in sections["SECTION_DAYS_OFF"]:
        off = [integer(value, number, "day") for value in fields[1:] if value]
        for day in off:
            known(fields[0], None, day, number)
        days_off[fields[0]] = days_off.get(fields[0], frozenset()) | frozenset(off)

    def requests(section: str) -> tuple[Request, ...]:
        found = []
        for number, fields in sections[section]:
            width(fields, number, 4)
            day = integer(fields[1], number, "day")
            known(fields[0], fields[2], day, number)
            found.append(Request(fields[0], day, fields[2], integer(fields[3], number, "weight")))
        return tuple(found)

    cover = []
    for number, fields in sections["SECTION_COVER"]:
        width(fields, number, 5)
        day = integer(fields[0], number, "day")
        if fields[1] not in shift_ids or not 0 <= day < days:
            msg = f"{path} line {number}: cover row for unknown shift or day: {','.join(fields)}"
            raise InstanceError(msg)
        numbers = [integer(value, number, "cover value") for value in fields[2:5]]
        cover.append(Cover(day, fields[1], *numbers))

    return CurtoisInstance(
        name=path.stem,
        days=days,
        shifts=tuple(shifts),
        staff=tuple(staff),
        days_off=days_off,
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=tuple(cover),
    )


def read_best_known(folder: str | Path) -> dict[str, tuple[int, int | None]]:
    """Best-known objective and lower bound per instance name, from ``best_known.csv``.

    An empty dict when the folder has no such file (the official download
    has none; the values are on the benchmark's web page).
    """
    path = Path(folder) / "best_known.csv"
    if not path.is_file():
        return {}
    found: dict[str, tuple[int, int | None]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            bound = (row.get("lower_bound") or "").strip()
            found[row["instance"].strip()] = (
                int(row["best_known_objective"]),
                int(bound) if bound else None,
            )
    return found
