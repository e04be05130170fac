"""An independent check of a roster against a scenario's hard labour rules.

This module knows nothing about the solver. It reads a roster (a DataFrame or
a ``roster.csv``) and re-derives every hard rule from its plain meaning, in
each agent's own local calendar and in elapsed time, with :mod:`zoneinfo`
only. It deliberately imports nothing from the solver, the shift catalogue
or the staffing code, so that a bug there shows up here as a violation.

Rules checked (the ``rule`` field of a :class:`Violation`):

``known agent``
    The agent exists in the scenario and the roster's time zone is theirs.
``consistent times``
    ``end_utc - start_utc`` equals ``paid_hours``; ``start_local``/``end_local``
    are the same instants as ``start_utc``/``end_utc`` and carry the zone's
    real UTC offset; the local start date is ``local_date`` (the next day for
    the after-midnight part of a start window that crosses midnight).
``shift length``
    ``paid_hours`` is one of the contract's ``shift_hours``.
``start window``
    The local start time lies in the contract's window, on its step grid.
``one shift per day``
    At most one shift per agent and ``local_date``.
``time off``
    No shift on a day of leave or (when enabled) a public holiday.
``minimum rest``
    Elapsed time between consecutive shifts, previous cycle included.
``weekly hours`` / ``weekly days``
    Per 7-day block of local dates from the horizon start, leave credited.
``total hours``
    Paid hours plus credits over the cycle, when the contract sets them.
``consecutive days``
    Longest run of working days (previous cycle included); shortest runs of
    working days and of days off strictly inside the cycle.
``weekends off``
    Whole local weekends (within one Mon-Sun week) without a shift.
``inside cycle``
    Every ``local_date`` lies in the cycle.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from shiftplan.scenario.models import Agent, Contract, Scenario

RULES = (
    "known agent",
    "consistent times",
    "shift length",
    "start window",
    "one shift per day",
    "time off",
    "minimum rest",
    "weekly hours",
    "weekly days",
    "total hours",
    "consecutive days",
    "weekends off",
    "inside cycle",
    "shift types",
)

VALIDATED_COLUMNS = (
    "agent_id",
    "timezone",
    "local_date",
    "start_local",
    "end_local",
    "start_utc",
    "end_utc",
    "paid_hours",
)
"""Columns the validator needs; ``agent_name`` is allowed but not checked."""

_DAY = 24 * 60
_ZERO = timedelta(0)


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
class _Shift:
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
        return round(self.paid_hours * 60)

    def label(self) -> str:
        return f"shift of {self.local_date} starting {self.start_local.isoformat()}"


# --- public API -----------------------------------------------------------------------


def validate_roster(scenario: Scenario, roster: pd.DataFrame | str | Path) -> list[Violation]:
    """Check a roster against every hard rule of the scenario.

    Parameters
    ----------
    scenario
        The resolved scenario (see :func:`shiftplan.scenario.load.load_scenario`).
    roster
        One row per shift, as a DataFrame or the path of a ``roster.csv``.

    Returns
    -------
    list[Violation]
        Every broken rule; empty when the roster is valid.

    Raises
    ------
    ValueError
        When the roster lacks one of the columns in :data:`VALIDATED_COLUMNS`.
    """
    frame = _read_roster(roster, scenario)
    _require(frame, VALIDATED_COLUMNS)
    violations: list[Violation] = []
    shifts = _parse_rows(frame, violations)
    agents = {agent.id: agent for agent in scenario.agents}

    by_agent: dict[str, list[_Shift]] = defaultdict(list)
    unknown: dict[str, int] = defaultdict(int)
    for shift in shifts:
        if shift.agent_id in agents:
            by_agent[shift.agent_id].append(shift)
        else:
            unknown[shift.agent_id] += 1
    for agent_id, count in unknown.items():
        violations.append(
            Violation(
                agent_id,
                "known agent",
                f"agent_id '{agent_id}' is not an agent of the scenario ({count} shift(s))",
            )
        )
    for agent in scenario.agents:
        violations.extend(_check_agent(scenario, agent, by_agent.get(agent.id, [])))
    return violations


def assert_valid(scenario: Scenario, roster: pd.DataFrame | str | Path) -> None:
    """Raise AssertionError listing every violation, if there is any (for tests)."""
    violations = validate_roster(scenario, roster)
    if violations:
        lines = "\n".join(f"  - {violation}" for violation in violations)
        msg = f"the roster breaks {len(violations)} rule(s):\n{lines}"
        raise AssertionError(msg)


def recount_coverage(scenario: Scenario, roster: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Agents on shift for each *whole* interval of the UTC grid.

    Computed from ``start_utc``/``end_utc`` alone: an interval counts an agent
    only when one of their shifts covers it from its first to its last
    instant. Rows whose times cannot be read are skipped.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``interval`` (0 .. intervals-1), with ``start_utc`` (the
        interval's first instant), ``agents`` (all agents on shift) and one
        column per skill (agents on shift who have it), skills sorted by name.
    """
    frame = _read_roster(roster)
    _require(frame, ("agent_id", "start_utc", "end_utc"))
    horizon = scenario.horizon
    count = horizon.intervals
    step = timedelta(minutes=horizon.interval_minutes)
    origin = horizon.start_utc
    on_shift: dict[str, np.ndarray] = {}
    for record in _records(frame):
        start = _instant(record.get("start_utc"))
        end = _instant(record.get("end_utc"))
        if start is None or end is None or end <= start:
            continue
        first = -((origin - start) // step)  # ceil: first interval starting at or after start
        last = (end - origin) // step  # floor: intervals ending at or before end
        first, last = max(first, 0), min(last, count)
        if first >= last:
            continue
        agent_id = str(record.get("agent_id", "")).strip()
        mask = on_shift.setdefault(agent_id, np.zeros(count, dtype=bool))
        mask[first:last] = True
    agents = {agent.id: agent for agent in scenario.agents}
    skills = sorted(
        {queue.skill for queue in scenario.queues}.union(
            *(agent.skills for agent in scenario.agents)
        )
    )
    clash = {"start_utc", "agents"}.intersection(skills)
    if clash:
        msg = f"skill name(s) {sorted(clash)} clash with the coverage table's own columns"
        raise ValueError(msg)
    total = np.zeros(count, dtype=np.int64)
    per_skill = {skill: np.zeros(count, dtype=np.int64) for skill in skills}
    for agent_id, mask in on_shift.items():
        total += mask
        agent = agents.get(agent_id)
        for skill in agent.skills if agent is not None else ():
            per_skill[skill] += mask
    columns: dict[str, Any] = {
        "start_utc": pd.date_range(origin, periods=count, freq=step),
        "agents": total,
    }
    columns.update(per_skill)
    return pd.DataFrame(columns, index=pd.RangeIndex(count, name="interval"))


# --- reading --------------------------------------------------------------------------


def _read_roster(
    roster: pd.DataFrame | str | Path, scenario: Scenario | None = None
) -> pd.DataFrame:
    """A frame as given, or a file through the package's one roster reader.

    The reader takes local times as authoritative and raises RosterError
    (exit 2) for a cell it cannot read; a frame given directly is checked
    as it is, UTC columns included.
    """
    if isinstance(roster, pd.DataFrame):
        return roster
    from shiftplan.roster_io import read_roster

    return read_roster(roster, scenario)


def _require(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        msg = f"the roster lacks column(s) {', '.join(missing)}"
        raise ValueError(msg)


def _records(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    return frame.to_dict("records")


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _instant(value: object) -> datetime | None:
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


def _parse_rows(frame: pd.DataFrame, violations: list[Violation]) -> list[_Shift]:
    """Parse every row; unreadable cells are `consistent times` violations."""
    shifts: list[_Shift] = []
    # Rows are numbered as a spreadsheet shows them: the header is row 1.
    for number, record in enumerate(_records(frame), start=2):
        agent_id = "" if _missing(record["agent_id"]) else str(record["agent_id"]).strip()
        problems: list[str] = []
        local_day = _day(record["local_date"])
        if local_day is None:
            problems.append(f"local_date {record['local_date']!r} is not a YYYY-MM-DD date")
        stamps: dict[str, datetime] = {}
        for field in ("start_local", "end_local", "start_utc", "end_utc"):
            stamp = _instant(record[field])
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
            _Shift(
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


# --- formatting -----------------------------------------------------------------------


def _duration(minutes: float | Fraction) -> str:
    """Minutes as '7 h 30 min', '8 h' or '45 min' (negative with a sign)."""
    sign = "-" if minutes < 0 else ""
    whole = round(abs(float(minutes)))
    hours, rest = divmod(whole, 60)
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    if hours or not rest:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def _span(first: date, last: date) -> str:
    return str(first) if first == last else f"{first}..{last}"


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _clock(moment: time) -> int:
    return moment.hour * 60 + moment.minute


# --- per-agent checks -----------------------------------------------------------------


def _check_agent(scenario: Scenario, agent: Agent, shifts: list[_Shift]) -> list[Violation]:
    contract = scenario.contracts[agent.contract]
    zone = ZoneInfo(agent.timezone)
    horizon = scenario.horizon
    first_day = horizon.start
    last_day = horizon.start + timedelta(days=horizon.days - 1)
    days_off = scenario.days_off(agent)
    found: list[Violation] = []

    def report(rule: str, detail: str) -> None:
        found.append(Violation(agent.id, rule, detail))

    # 1. known agent: the zone written in the roster is the agent's.
    wrong_zones = sorted({shift.timezone for shift in shifts if shift.timezone != agent.timezone})
    if wrong_zones:
        rows = sum(shift.timezone != agent.timezone for shift in shifts)
        report(
            "known agent",
            f"timezone column says {', '.join(repr(z) for z in wrong_zones)} on {rows} shift(s) "
            f"but the agent's zone is '{agent.timezone}'",
        )

    for shift in shifts:
        for detail in _time_problems(shift, zone, contract):
            report("consistent times", f"{shift.label()}: {detail}")
        if not _allowed_length(shift.paid_hours, contract):
            report(
                "shift length",
                f"{shift.label()}: paid_hours {shift.paid_hours:g} is not one of the "
                f"contract's shift lengths {[float(h) for h in contract.shift_hours]}",
            )
        window_problem = _window_problem(shift.start_local, contract)
        if window_problem:
            report("start window", f"{shift.label()}: {window_problem}")
        if shift.local_date in days_off:
            report(
                "time off",
                f"{shift.label()}: {shift.local_date} is a day off ({days_off[shift.local_date]})",
            )
        if not first_day <= shift.local_date <= last_day:
            report(
                "inside cycle",
                f"{shift.label()}: local_date {shift.local_date} is outside the cycle "
                f"{first_day}..{last_day}",
            )

    # 5. one shift per local day.
    per_day: dict[date, list[_Shift]] = defaultdict(list)
    for shift in shifts:
        per_day[shift.local_date].append(shift)
    for day in sorted(per_day):
        if len(per_day[day]) > 1:
            starts = ", ".join(shift.start_local.isoformat() for shift in per_day[day])
            report("one shift per day", f"{len(per_day[day])} shifts on {day}: starting {starts}")

    for detail in _rest_problems(scenario, agent, contract, shifts):
        report("minimum rest", detail)

    inside = [shift for shift in shifts if first_day <= shift.local_date <= last_day]
    worked = {shift.local_date for shift in inside}
    credits_total = 0
    for block_start in range(0, horizon.days, 7):
        block = [
            first_day + timedelta(days=k)
            for k in range(block_start, min(block_start + 7, horizon.days))
        ]
        rule_detail, credit = _block_problems(block, agent, contract, inside, days_off)
        credits_total += credit
        for rule, detail in rule_detail:
            report(rule, detail)

    if contract.total_hours is not None:
        paid = sum(shift.paid_minutes for shift in inside)
        total = paid + credits_total
        low = _exact(contract.total_hours.min) * 60
        high = _exact(contract.total_hours.max) * 60
        if not low <= total <= high:
            report(
                "total hours",
                f"{_duration(paid)} paid + {_duration(credits_total)} leave credit = "
                f"{_duration(total)} over the cycle, outside "
                f"{contract.total_hours.min:g}-{contract.total_hours.max:g} h",
            )

    for detail in _run_problems(scenario, agent, contract, worked, first_day, last_day):
        report("consecutive days", detail)

    weekend_problem = _weekend_problem(agent, contract, worked, first_day, last_day)
    if weekend_problem:
        report("weekends off", weekend_problem)
    for detail in _shift_type_problems(contract, shifts):
        report("shift types", detail)
    return found


def _shift_type_problems(contract: Contract, shifts: list[_Shift]) -> list[str]:
    """Named shift types: each shift is one, at most max_shifts each, no forbidden pairs."""
    if not contract.shift_types:
        return []
    problems: list[str] = []
    kinds: dict[date, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for shift in shifts:
        clock = shift.start_local.hour * 60 + shift.start_local.minute
        name = next(
            (
                kind.name
                for kind in contract.shift_types
                if kind.start.hour * 60 + kind.start.minute == clock
                and abs(kind.hours * 60 - shift.paid_hours * 60) < 0.5
            ),
            None,
        )
        if name is None:
            problems.append(f"{shift.label()}: is none of the contract's shift types")
            continue
        kinds[shift.local_date] = name
        counts[name] += 1
    for name, most in contract.max_shifts.items():
        if counts[name] > most:
            problems.append(f"{counts[name]} shifts of type {name}, more than {most}")
    forbidden = {tuple(pair) for pair in contract.forbidden_successions}
    for day, name in sorted(kinds.items()):
        following = kinds.get(day + timedelta(days=1))
        if following is not None and (name, following) in forbidden:
            problems.append(f"{name} on {day} is followed by {following} the next day")
    return problems


def _time_problems(shift: _Shift, zone: ZoneInfo, contract: Contract) -> list[str]:
    """Rule 2: UTC times, paid hours, local times and the local date agree."""
    problems: list[str] = []
    for name, stamp in (("start_utc", shift.start), ("end_utc", shift.end)):
        if stamp.utcoffset() != _ZERO:
            problems.append(f"{name} {stamp.isoformat()} is not written in UTC")
    elapsed = _minutes(shift.end - shift.start)
    if abs(elapsed - shift.paid_hours * 60) >= 0.5:
        problems.append(
            f"start_utc to end_utc is {_duration(elapsed)} elapsed but paid_hours is "
            f"{shift.paid_hours:g}, {_duration(abs(elapsed - shift.paid_hours * 60))} "
            f"{'more' if elapsed > shift.paid_hours * 60 else 'less'} than paid"
        )
    for local_name, local, utc_name, utc in (
        ("start_local", shift.start_local, "start_utc", shift.start),
        ("end_local", shift.end_local, "end_utc", shift.end),
    ):
        # Compare in UTC: Python never finds a fold=1 wall time (the second
        # 02:30 of an autumn night) equal to an instant in another zone.
        if local.astimezone(UTC) != utc.astimezone(UTC):
            problems.append(
                f"{local_name} {local.isoformat()} is not the same instant as {utc_name} "
                f"{utc.isoformat()} ({_duration(abs(_minutes(local - utc)))} "
                f"{'later' if local > utc else 'earlier'})"
            )
        real = local.astimezone(zone).utcoffset()
        if local.utcoffset() != real:
            problems.append(
                f"{local_name} {local.isoformat()} carries offset {_offset(local.utcoffset())} "
                f"but {zone.key} is at {_offset(real)} at that instant"
            )
    window = contract.start_window
    crosses = _clock(window.latest) < _clock(window.earliest)
    start_day = shift.start_local.date()
    after_midnight = crosses and shift.start_local.time() <= window.latest
    expected = shift.local_date + timedelta(days=1) if after_midnight else shift.local_date
    if start_day != expected:
        why = (
            "a start after midnight in a window crossing midnight belongs to the day before"
            if after_midnight
            else "a shift starts on its own local_date"
        )
        problems.append(
            f"starts on local day {start_day} but local_date is {shift.local_date} "
            f"(expected a start on {expected}: {why})"
        )
    return problems


def _offset(delta: timedelta | None) -> str:
    if delta is None:
        return "none"
    minutes = round(_minutes(delta))
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _allowed_length(paid_hours: float, contract: Contract) -> bool:
    return any(abs(paid_hours * 60 - length * 60) < 0.5 for length in contract.shift_hours)


def _window_problem(start_local: datetime, contract: Contract) -> str | None:
    """Rule 4: the local wall-clock start lies in the window, on the step grid."""
    window = contract.start_window
    earliest, latest = _clock(window.earliest), _clock(window.latest)
    span = (latest - earliest) % _DAY
    moment = start_local.time()
    offset = (_clock(moment) - earliest) % _DAY
    text = f"{window.earliest:%H:%M}-{window.latest:%H:%M}"
    if offset > span:
        return f"starts at {moment:%H:%M} local, outside the start window {text}"
    if offset % contract.start_step_minutes or moment.second or moment.microsecond:
        return (
            f"starts at {moment.isoformat()} local, not on the {contract.start_step_minutes}-"
            f"minute grid from {window.earliest:%H:%M}"
        )
    return None


def _rest_problems(
    scenario: Scenario, agent: Agent, contract: Contract, shifts: list[_Shift]
) -> list[str]:
    """Rule 7: elapsed rest between consecutive shifts, previous cycle included."""
    items: list[tuple[datetime, datetime, str, bool]] = [
        (shift.start, shift.end, shift.label(), False) for shift in shifts
    ]
    items.extend(
        (
            previous.start_utc,
            previous.end_utc,
            f"previous-cycle shift of {previous.local_date} ending {previous.end_utc.isoformat()}",
            True,
        )
        for previous in scenario.previous_shifts
        if previous.agent_id == agent.id
    )
    items.sort(key=lambda item: (item[0], item[1]))
    need = contract.min_rest_hours * 60
    problems: list[str] = []
    latest: tuple[datetime, datetime, str, bool] | None = None
    for item in items:
        if latest is not None and not (item[3] and latest[3]):
            rest = _minutes(item[0] - latest[1])
            if rest < need - 1e-9:
                problems.append(
                    f"{item[2]}: only {_duration(rest)} elapsed rest after the {latest[2]}, "
                    f"{_duration(need - rest)} short of {contract.min_rest_hours:g} h"
                )
        if latest is None or item[1] > latest[1]:
            latest = item
    return problems


def _exact(value: float) -> Fraction:
    """A YAML number as the decimal the user wrote (37.5 -> 75/2, 0.1 -> 1/10)."""
    return Fraction(str(value))


def _block_problems(
    block: list[date],
    agent: Agent,
    contract: Contract,
    shifts: list[_Shift],
    days_off: dict[date, str],
) -> tuple[list[tuple[str, str]], int]:
    """Rules 8 and 9 for one block of local dates; also returns the block's credit."""
    length = len(block)
    days = set(block)
    in_block = [shift for shift in shifts if shift.local_date in days]
    paid = sum(shift.paid_minutes for shift in in_block)
    worked = len({shift.local_date for shift in in_block})
    # A contract that needs more days a week than there are weekdays works
    # weekends too, so leave on a weekend day is a working day lost.
    rest_days = () if contract.days_per_week.min > 7 - len(agent.weekend) else agent.weekend
    leave_days = sum(1 for day in block if day in days_off and day.weekday() not in rest_days)
    credited = min(leave_days, contract.days_per_week.max) if contract.credit_time_off else 0
    per_day = round(contract.hours_per_week.max * 60 / max(contract.days_per_week.max, 1))
    credit = credited * per_day
    scale = Fraction(length, 7)
    low = math.floor(_exact(contract.hours_per_week.min) * 60 * scale)
    high = math.ceil(_exact(contract.hours_per_week.max) * 60 * scale)
    day_low = math.floor(contract.days_per_week.min * scale)
    day_high = math.ceil(contract.days_per_week.max * scale)
    where = f"{block[0]}..{block[-1]}" + (f" ({length}-day block)" if length < 7 else "")
    found: list[tuple[str, str]] = []
    hours = paid + credit
    if not low <= hours <= high:
        found.append(
            (
                "weekly hours",
                f"{where}: {_duration(paid)} paid + {_duration(credit)} leave credit = "
                f"{_duration(hours)}, outside {_duration(low)}..{_duration(high)}",
            )
        )
    count = worked + credited
    if not day_low <= count <= day_high:
        found.append(
            (
                "weekly days",
                f"{where}: {worked} day(s) worked + {credited} credited day(s) off = {count}, "
                f"outside {day_low}..{day_high}",
            )
        )
    return found, credit


def _runs(days: list[date], worked: set[date]) -> list[tuple[bool, date, date]]:
    """Maximal runs of consecutive days that are all worked or all off."""
    runs: list[tuple[bool, date, date]] = []
    for day in days:
        state = day in worked
        if runs and runs[-1][0] == state and runs[-1][2] + timedelta(days=1) == day:
            runs[-1] = (state, runs[-1][1], day)
        else:
            runs.append((state, day, day))
    return runs


def _run_problems(
    scenario: Scenario,
    agent: Agent,
    contract: Contract,
    worked: set[date],
    first_day: date,
    last_day: date,
) -> list[str]:
    """Rule 11: longest run (previous cycle included), shortest runs inside the cycle."""
    problems: list[str] = []
    before = {
        previous.local_date
        for previous in scenario.previous_shifts
        if previous.agent_id == agent.id and previous.local_date < first_day
    }
    every = sorted(worked | before)
    for state, start, end in _runs(every, worked | before):
        length = (end - start).days + 1
        if state and end >= first_day and length > contract.max_consecutive_days:
            carried = " (counting the previous cycle)" if start < first_day else ""
            problems.append(
                f"works {length} days in a row, {start}..{end}{carried}; "
                f"at most {contract.max_consecutive_days} allowed"
            )
    cycle = [first_day + timedelta(days=k) for k in range((last_day - first_day).days + 1)]
    for state, start, end in _runs(cycle, worked):
        if start == first_day or end == last_day:
            continue
        length = (end - start).days + 1
        if state and length < contract.min_consecutive_days:
            problems.append(
                f"works only {length} day(s) in a row, {_span(start, end)}; "
                f"at least {contract.min_consecutive_days} required"
            )
        if not state and length < contract.min_consecutive_days_off:
            problems.append(
                f"only {length} day(s) off in a row, {_span(start, end)}; "
                f"at least {contract.min_consecutive_days_off} required"
            )
    return problems


def _weekend_problem(
    agent: Agent, contract: Contract, worked: set[date], first_day: date, last_day: date
) -> str | None:
    """Rule 12: whole weekends off, each weekend within one Mon-Sun week of the cycle."""
    if contract.min_weekends_off == 0:
        return None
    monday = first_day - timedelta(days=first_day.weekday())
    whole = 0
    off: list[date] = []
    while monday <= last_day:
        weekend = [monday + timedelta(days=weekday) for weekday in sorted(set(agent.weekend))]
        if weekend and all(first_day <= day <= last_day for day in weekend):
            whole += 1
            if not any(day in worked for day in weekend):
                off.append(weekend[0])
        monday += timedelta(days=7)
    if len(off) >= contract.min_weekends_off:
        return None
    listed = ", ".join(f"weekend starting {day}" for day in off) or "none"
    return (
        f"{len(off)} of {whole} whole weekend(s) in the cycle off ({listed}); "
        f"at least {contract.min_weekends_off} required"
    )
