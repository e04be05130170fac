"""The scenario data model: what a support manager writes down, validated.

Two layers live here. :class:`ScenarioFile` is the YAML file exactly as the
user writes it (its JSON Schema is what ``shiftplan schema`` prints).
:class:`Scenario` is the resolved scenario: the YAML plus the rows of its CSV
files, checked against each other. Nothing here knows about solving.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    field_validator,
    model_validator,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Plausible ranges. Values past them are typos, and left unchecked they run
# the staffing maths for minutes or exhaust memory (aht_seconds: 480000000).
DAY_SECONDS = 24 * 3600
MAX_WEIGHT = 1000.0
"""A weight is late contacts per unit: 1000 already makes a term all but a hard rule."""
FIRST_START = date(1900, 1, 1)
LAST_START = date(2199, 12, 1)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class _Strict(BaseModel):
    """Base for the YAML models: unknown keys are typos, so they are errors."""

    # .inf and .nan are typos in every field of a scenario.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Horizon(_Strict):
    """The rota cycle: local days every agent works, and the UTC interval grid."""

    start: Annotated[date, Field(ge=FIRST_START, le=LAST_START)] = Field(
        description="First day of the cycle; the UTC grid starts 00:00 UTC."
    )
    days: Annotated[int, Field(ge=1, le=371, description="Length of the cycle in days.")]
    interval_minutes: Literal[15, 30, 60] = Field(
        30, description="Length of one interval of the UTC grid."
    )

    @property
    def start_utc(self) -> datetime:
        """The first instant of the grid, 00:00 UTC on the start day."""
        return datetime.combine(self.start, time(0), tzinfo=ZoneInfo("UTC"))

    @property
    def intervals(self) -> int:
        """Number of intervals on the UTC grid."""
        return self.days * 24 * 60 // self.interval_minutes

    @property
    def days_list(self) -> list[date]:
        """The local calendar days of the cycle, identical for every agent."""
        return [self.start + timedelta(days=offset) for offset in range(self.days)]


class ServiceLevel(_Strict):
    """Share of contacts to answer within a number of seconds (e.g. 80/20)."""

    target: Annotated[float, Field(gt=0, le=1, description="Share in (0, 1], e.g. 0.8.")]
    answer_within_seconds: Annotated[float, Field(gt=0, le=DAY_SECONDS)]


class Queue(_Strict):
    """A stream of contacts with its own handling time and promise to customers."""

    name: Annotated[str, Field(min_length=1)]
    kind: Literal["realtime", "deferred"] = Field(
        description="realtime: staffed per interval (Erlang C or A); "
        "deferred: a backlog worked within a response window."
    )
    aht_seconds: Annotated[float, Field(gt=0, le=DAY_SECONDS)] = Field(
        description="Average handle time of one contact."
    )
    skill: Annotated[str, Field(min_length=1)] = Field(
        description="Agents with this skill can work the queue."
    )
    concurrency: Annotated[int, Field(ge=1, le=20)] = Field(
        1, description="Contacts one agent handles at once (chat)."
    )
    concurrency_factor: Annotated[float, Field(gt=0, le=20)] | None = Field(
        None,
        description="Throughput gain of handling `concurrency` contacts at once; "
        "defaults to the industry table (2 chats: 1.7, 3: 2.5, 4: 2.9, 5: 3.5).",
    )
    service_level: ServiceLevel | None = None
    max_occupancy: Annotated[float, Field(ge=0.1, le=1)] = 1.0
    patience_seconds: Annotated[float, Field(gt=0, le=DAY_SECONDS)] | None = Field(
        None, description="Average patience before abandoning; switches to Erlang A."
    )
    respond_within_hours: Annotated[float, Field(gt=0, le=31 * 24)] | None = Field(
        None, description="Deferred queues: first response promised within this many hours."
    )

    @field_validator("name")
    @classmethod
    def _not_a_formula(cls, name: str) -> str:
        # Queue names are written into every CSV a spreadsheet opens.
        if name.startswith(("=", "+", "-", "@")):
            msg = (
                f"queue name '{name}' starts with '{name[0]}', which spreadsheets run as a formula"
            )
            raise ValueError(msg)
        return name

    @model_validator(mode="after")
    def _kind_has_its_target(self) -> Queue:
        if self.kind == "realtime" and self.service_level is None:
            msg = "a realtime queue needs service_level: {target: 0.8, answer_within_seconds: 20}"
            raise ValueError(msg)
        if self.kind == "deferred" and self.respond_within_hours is None:
            msg = "a deferred queue needs respond_within_hours"
            raise ValueError(msg)
        return self


class FloatRange(_Strict):
    """An inclusive range of a real quantity."""

    min: NonNegativeFloat
    max: NonNegativeFloat

    @model_validator(mode="after")
    def _ordered(self) -> FloatRange:
        if self.min > self.max:
            msg = f"min {self.min} is larger than max {self.max}"
            raise ValueError(msg)
        return self


class IntRange(_Strict):
    """An inclusive range of a count."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.min > self.max:
            msg = f"min {self.min} is larger than max {self.max}"
            raise ValueError(msg)
        return self


def _parse_hhmm(value: object) -> object:
    if isinstance(value, str):
        match = _HHMM.match(value.strip())
        if not match:
            msg = f"'{value}' is not a time of day as HH:MM (00:00 to 23:59)"
            raise ValueError(msg)
        return time(int(match.group(1)), int(match.group(2)))
    # YAML 1.1 reads an unquoted 09:00 as the sexagesimal integer 540.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    return value


class StartWindow(_Strict):
    """Local start times allowed; ``latest`` before ``earliest`` crosses midnight."""

    earliest: time = Field(description='Earliest local start, "HH:MM".')
    latest: time = Field(description='Latest local start, "HH:MM"; may be past midnight.')

    _parse = field_validator("earliest", "latest", mode="before")(lambda value: _parse_hhmm(value))

    def start_minutes(self, step_minutes: int) -> list[int]:
        """Allowed starts as minutes after local midnight of the shift's day.

        A window that crosses midnight (21:00-01:00) yields values of 1440 and
        more for the part after midnight: such a shift still belongs to the
        day it was planned on, which is how managers think of a night shift.
        """
        first = self.earliest.hour * 60 + self.earliest.minute
        last = self.latest.hour * 60 + self.latest.minute
        if last < first:
            last += 24 * 60
        return list(range(first, last + 1, step_minutes))


class ShiftType(_Strict):
    """A named shift: a local start and a length (e.g. D 07:00 8 h, N 23:00 8 h)."""

    name: Annotated[str, Field(min_length=1)]
    start: time = Field(description='Local start, "HH:MM".')
    hours: Annotated[float, Field(gt=0, le=24)]

    _parse = field_validator("start", mode="before")(lambda value: _parse_hhmm(value))

    @property
    def start_minute(self) -> int:
        """Minutes after local midnight."""
        return self.start.hour * 60 + self.start.minute

    @property
    def minutes(self) -> int:
        """Length in elapsed minutes."""
        return round(self.hours * 60)


class Contract(_Strict):
    """The working-time rules one group of agents is employed under."""

    hours_per_week: FloatRange = Field(
        description="Paid hours per 7-day block of the cycle (local calendar)."
    )
    shift_hours: Annotated[list[Annotated[float, Field(gt=0, le=24)]], Field(min_length=1)] = Field(
        description="Paid shift lengths allowed, in hours (elapsed time)."
    )
    days_per_week: IntRange = Field(description="Working days per 7-day block.")
    start_window: StartWindow
    start_step_minutes: Annotated[int, Field(ge=5, le=240)] = 30
    min_rest_hours: Annotated[float, Field(ge=0, le=48)] = 11.0
    max_consecutive_days: Annotated[int, Field(ge=1, le=31)] = 6
    min_consecutive_days: Annotated[int, Field(ge=1, le=14)] = Field(
        1, description="Shortest run of working days allowed (between days off)."
    )
    min_consecutive_days_off: Annotated[int, Field(ge=1, le=14)] = Field(
        1, description="Shortest run of days off allowed (between working days)."
    )
    min_weekends_off: Annotated[int, Field(ge=0, le=53)] = Field(
        0, description="Whole local weekends off over the cycle."
    )
    total_hours: FloatRange | None = Field(
        None, description="Paid hours over the whole cycle (e.g. monthly minimum)."
    )
    shift_types: list[ShiftType] = Field(
        default_factory=list,
        description="Named shifts; when given, agents work only these (each must fit the "
        "start window and shift_hours).",
    )
    max_shifts: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Most shifts of each named type per agent per cycle."
    )
    forbidden_successions: list[tuple[str, str]] = Field(
        default_factory=list,
        description="Pairs [A, B]: shift type B may not be worked the local day after A.",
    )
    credit_time_off: bool = Field(
        True,
        description="A day of leave or public holiday counts as a contracted day worked "
        "toward hours and days; false: the limits hold for the shifts worked alone.",
    )

    @model_validator(mode="after")
    def _hours_fit_the_calendar(self) -> Contract:
        if self.hours_per_week.max > 7 * 24:
            msg = f"hours_per_week max {self.hours_per_week.max:g} is more than a week's 168 hours"
            raise ValueError(msg)
        if self.total_hours is not None and self.total_hours.max > 372 * 24:
            msg = f"total_hours max {self.total_hours.max:g} is more than a year's hours"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _types_fit(self) -> Contract:
        names = [shift.name for shift in self.shift_types]
        if len(set(names)) != len(names):
            msg = f"shift type names repeat: {names}"
            raise ValueError(msg)
        starts = self.start_window.start_minutes(self.start_step_minutes)
        for shift in self.shift_types:
            minute = shift.start_minute
            if minute not in starts and minute + 1440 not in starts:
                msg = (
                    f"shift type {shift.name} starts at {shift.start:%H:%M}, outside the "
                    f"start window or its {self.start_step_minutes}-minute steps"
                )
                raise ValueError(msg)
            if shift.minutes not in self.shift_minutes:
                msg = f"shift type {shift.name} lasts {shift.hours:g} h, not one of shift_hours"
                raise ValueError(msg)
        for name in [*self.max_shifts, *(n for pair in self.forbidden_successions for n in pair)]:
            if name not in names:
                msg = f"'{name}' is not a shift type of this contract (types: {names or 'none'})"
                raise ValueError(msg)
        return self

    def shapes(self) -> list[tuple[int, int, int]]:
        """(type index or -1, local start minute, length) of every shift allowed.

        With shift types, exactly those (a start before ``earliest`` in a window
        crossing midnight belongs to the day before); otherwise every start
        of the window on its step with every allowed length.
        """
        if self.shift_types:
            starts = self.start_window.start_minutes(self.start_step_minutes)
            return [
                (
                    index,
                    shift.start_minute
                    if shift.start_minute in starts
                    else shift.start_minute + 1440,
                    shift.minutes,
                )
                for index, shift in enumerate(self.shift_types)
            ]
        return [
            (-1, minute, length)
            for minute in self.start_window.start_minutes(self.start_step_minutes)
            for length in self.shift_minutes
        ]

    @field_validator("shift_hours")
    @classmethod
    def _whole_minutes(cls, hours: list[float]) -> list[float]:
        for length in hours:
            if abs(length * 60 - round(length * 60)) > 1e-9 or length > 16:
                msg = f"shift length {length} h must be whole minutes and at most 16 h"
                raise ValueError(msg)
        return sorted(set(hours))

    @property
    def shift_minutes(self) -> list[int]:
        """Allowed shift lengths in elapsed minutes."""
        return [round(length * 60) for length in self.shift_hours]

    @property
    def credit_minutes_per_day_off(self) -> int:
        """Paid minutes a day of leave or public holiday counts for in its week.

        A day of leave is worth one contracted day, hours_per_week.max divided
        by days_per_week.max, so that a week with leave remains feasible.
        """
        days = max(self.days_per_week.max, 1)
        return round(self.hours_per_week.max * 60 / days)

    def weekly_reachable(self) -> bool:
        """Whether some number of allowed shifts lands inside hours_per_week."""
        lengths = self.shift_minutes
        low, high = round(self.hours_per_week.min * 60), round(self.hours_per_week.max * 60)
        sums = {0}
        for days in range(1, self.days_per_week.max + 1):
            sums = {total + length for total in sums for length in lengths}
            if days >= self.days_per_week.min and any(low <= s <= high for s in sums):
                return True
        return self.days_per_week.min == 0 and low == 0


_Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT)]


class Weights(_Strict):
    """Weights of the objective terms; a term with weight 0 is not built.

    The objective is a weighted sum measured in expected late contacts: a
    weight says how many late contacts one unit of that term is worth.
    """

    late_contacts: _Weight = Field(
        1.0, description="Per expected late contact (from each queue's service-level curve)."
    )
    shortfall: _Weight = Field(
        0.0,
        description="Per agent-interval below the requirement; the `shortfall` objective "
        "sets this and turns late_contacts off.",
    )
    overstaffing: _Weight = Field(
        0.02, description="Per agent-hour on shift above the total requirement."
    )
    fairness: _Weight = Field(
        0.5, description="Per night or weekend shift of the agent who works the most of them."
    )
    stable_starts: _Weight = Field(
        0.05, description="Per extra distinct local start time an agent has within a week."
    )
    requests: _Weight = Field(
        1.0, description="Per unit of weight of a shift-on or shift-off request not met."
    )
    shift_cover: NonNegativeFloat = Field(
        1.0,
        description="Per unit of a shift-cover row's under or over weight, times the "
        "people short or extra on that shift type that day (`demand` file).",
    )


class ScenarioFile(_Strict):
    """The scenario YAML file exactly as a user writes it."""

    name: Annotated[str, Field(min_length=1)]
    horizon: Horizon
    report_timezone: str = Field("UTC", description="IANA zone reports show times in.")
    queues: list[Queue] = Field(
        default_factory=list,
        description="Contact queues staffed from the forecast; may be empty when `demand` "
        "gives head-counts per shift type instead.",
    )
    shrinkage: Annotated[float, Field(ge=0, lt=1)] = Field(
        0.0, description="Share of paid time not available for contacts."
    )
    forecast: str | None = Field(
        None, description="CSV: queue, interval_start, contacts (needed with queues)."
    )
    demand: str | None = Field(
        None,
        description="CSV: date, shift_type, required[, under_weight, over_weight]: people "
        "wanted on a shift type each day (e.g. 3 on Early), next to or instead of queues.",
    )
    contracts: Annotated[dict[str, Contract], Field(min_length=1)]
    agents: str = Field(description="CSV: id, name, timezone, country, contract, skills.")
    time_off: str | None = Field(None, description="CSV: agent_id, first_day, last_day.")
    public_holidays: bool = Field(True, description="Agents are off on their country's holidays.")
    previous_roster: str | None = Field(
        None, description="roster.csv of the previous cycle, for rest and consecutive days."
    )
    requests: str | None = Field(
        None,
        description="CSV: agent_id, date, kind (on/off), weight[, shift_type]: wishes to "
        "work or not work a day (or one shift type that day), honoured when they cost "
        "less than their weight.",
    )
    weights: Weights = Weights()

    @model_validator(mode="after")
    def _has_demand(self) -> ScenarioFile:
        if not self.queues and self.demand is None:
            msg = "a scenario needs queues with a forecast, or demand: a shift-cover CSV"
            raise ValueError(msg)
        if self.queues and self.forecast is None:
            msg = "queues need forecast: a CSV of contacts per queue and interval"
            raise ValueError(msg)
        return self


class Agent(BaseModel):
    """One named person on the team."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    timezone: str
    country: str
    contract: str
    skills: tuple[str, ...]
    weekend: tuple[int, ...] = (5, 6)
    row: int = 0

    @cached_property
    def zone(self) -> ZoneInfo:
        """The agent's home time zone."""
        return ZoneInfo(self.timezone)


class TimeOff(BaseModel):
    """Leave: whole local days, inclusive."""

    model_config = ConfigDict(frozen=True)

    agent_id: str
    first_day: date
    last_day: date
    row: int = 0


class Request(BaseModel):
    """An agent's wish to work (on) or not work (off) a local day or one shift type."""

    model_config = ConfigDict(frozen=True)

    agent_id: str
    day: date
    kind: Literal["on", "off"]
    weight: float
    shift_type: str | None = None
    row: int = 0


class ShiftCover(BaseModel):
    """People wanted on one shift type on one local day, and what a miss costs.

    ``under_weight`` is paid per person short, ``over_weight`` per person
    extra; the count is of agents working a shift type of that name.
    """

    model_config = ConfigDict(frozen=True)

    day: date
    shift_type: str
    required: int
    under_weight: float = 1.0
    over_weight: float = 0.0
    row: int = 0


class PreviousShift(BaseModel):
    """A shift of the previous cycle, used for rest and consecutive days."""

    model_config = ConfigDict(frozen=True)

    agent_id: str
    local_date: date
    start_utc: datetime
    end_utc: datetime


class Scenario(BaseModel):
    """A resolved scenario: the YAML plus its CSV rows, all checked together."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    file: ScenarioFile
    path: Path | None = None
    agents: tuple[Agent, ...]
    forecast: pd.DataFrame = Field(description="queue, interval (grid index), contacts")
    time_off: tuple[TimeOff, ...] = ()
    holidays: dict[str, frozenset[date]] = Field(default_factory=dict)
    previous_shifts: tuple[PreviousShift, ...] = ()
    requests: tuple[Request, ...] = ()
    shift_cover: tuple[ShiftCover, ...] = ()

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.file.name

    @property
    def horizon(self) -> Horizon:
        """The cycle and its grid."""
        return self.file.horizon

    @property
    def queues(self) -> list[Queue]:
        """The queues, in file order."""
        return self.file.queues

    @property
    def head_count_only(self) -> bool:
        """Whether the demand is head-counts per shift type alone: no queues, no forecast."""
        return bool(self.shift_cover) and not self.queues

    @property
    def contracts(self) -> dict[str, Contract]:
        """Contracts by name."""
        return self.file.contracts

    @property
    def report_zone(self) -> ZoneInfo:
        """The manager's time zone."""
        return ZoneInfo(self.file.report_timezone)

    def agent(self, agent_id: str) -> Agent:
        """The agent with this id."""
        for agent in self.agents:
            if agent.id == agent_id:
                return agent
        msg = f"no agent with id '{agent_id}'"
        raise KeyError(msg)

    def days_off(self, agent: Agent) -> dict[date, str]:
        """Local days the agent cannot work, with the reason for each."""
        off: dict[date, str] = {}
        if self.file.public_holidays:
            for day in self.holidays.get(agent.country, frozenset()):
                off[day] = "public holiday"
        for leave in self.time_off:
            if leave.agent_id != agent.id:
                continue
            day = leave.first_day
            while day <= leave.last_day:
                off[day] = "time off"
                day += timedelta(days=1)
        return off

    def with_agents(self, agents: tuple[Agent, ...]) -> Scenario:
        """A copy with another team (what-if analysis)."""
        return self.model_copy(update={"agents": agents})
