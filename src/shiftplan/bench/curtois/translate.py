"""A benchmark instance as a shiftplan scenario: YAML and CSV files ``shiftplan solve`` reads.

Every rule of the format maps onto a contract field or a scenario file:

=============================  ===============================================
Instance                       Scenario
=============================  ===============================================
shift type, length             ``shift_types`` (start times are ours: the
                               format has none, so type i starts at 06:00 plus
                               10 min x i, which keeps every type distinct)
cannot follow                  ``forbidden_successions``
MaxShifts per type             ``max_shifts``
Min/MaxTotalMinutes            ``total_hours`` (with ``credit_time_off: false``)
MaxConsecutiveShifts           ``max_consecutive_days``
MinConsecutiveShifts           ``min_consecutive_days``
MinConsecutiveDaysOff          ``min_consecutive_days_off``
MaxWeekends                    ``min_weekends_off`` = weeks - MaxWeekends
DAYS_OFF                       ``time_off`` rows
SHIFT_ON/OFF_REQUESTS          ``requests`` rows with a ``shift_type``
COVER                          ``demand`` rows (shift cover)
=============================  ===============================================

Each employee gets a contract of their own, because the limits are personal.
Weekly hours and days are left open (0-168 h, 0-7 days) and rest is 0 h: the
format has no such rules. The objective keeps only requests and shift cover,
each at weight 1, so the engine's objective is the benchmark's penalty.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

import yaml

from shiftplan.bench.curtois.reader import CurtoisInstance
from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario

START = date(2024, 1, 1)
"""Day 0 of every instance: a Monday, as the format requires."""

FIRST_START_MINUTE = 6 * 60
START_STEP_MINUTES = 10


def start_minute(index: int) -> int:
    """Local start we give shift type ``index`` (the format has no start times)."""
    return FIRST_START_MINUTE + START_STEP_MINUTES * index


def day_of(local_date: date) -> int:
    """The instance's day index of a scenario date."""
    return (local_date - START).days


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def write_scenario(instance: CurtoisInstance, folder: str | Path) -> Path:
    """Write the instance as ``scenario.yaml`` and its CSV files; return the YAML path.

    ``shiftplan solve FOLDER/scenario.yaml`` then solves the benchmark
    instance like any team's scenario.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    hours = sorted({shift.minutes / 60 for shift in instance.shifts})
    types = [
        {"name": shift.id, "start": _clock(start_minute(i)), "hours": shift.minutes / 60}
        for i, shift in enumerate(instance.shifts)
    ]
    successions = [[shift.id, after] for shift in instance.shifts for after in shift.cannot_follow]
    latest = start_minute(len(instance.shifts) - 1)
    contracts = {
        member.id: {
            "hours_per_week": {"min": 0, "max": 168},
            "shift_hours": hours,
            "days_per_week": {"min": 0, "max": 7},
            "start_window": {"earliest": _clock(FIRST_START_MINUTE), "latest": _clock(latest)},
            "start_step_minutes": START_STEP_MINUTES,
            "min_rest_hours": 0,
            "max_consecutive_days": member.max_consecutive_shifts,
            "min_consecutive_days": max(member.min_consecutive_shifts, 1),
            "min_consecutive_days_off": max(member.min_consecutive_days_off, 1),
            "min_weekends_off": max(instance.weeks - member.max_weekends, 0),
            "total_hours": {
                "min": member.min_total_minutes / 60,
                "max": member.max_total_minutes / 60,
            },
            "credit_time_off": False,
            "shift_types": types,
            "max_shifts": dict(member.max_shifts),
            "forbidden_successions": successions,
        }
        for member in instance.staff
    }
    spec = {
        "name": f"Curtois & Qu {instance.name}",
        "horizon": {"start": START.isoformat(), "days": instance.days, "interval_minutes": 60},
        "report_timezone": "UTC",
        "contracts": contracts,
        "agents": "agents.csv",
        "time_off": "time_off.csv",
        "requests": "requests.csv",
        "demand": "shift_cover.csv",
        "public_holidays": False,
        "weights": {
            "late_contacts": 0,
            "shortfall": 0,
            "overstaffing": 0,
            "fairness": 0,
            "stable_starts": 0,
            "requests": 1,
            "shift_cover": 1,
        },
    }
    when = {day: (START + timedelta(days=day)).isoformat() for day in range(instance.days)}
    _write_csv(
        folder / "agents.csv",
        ["id", "name", "timezone", "country", "contract", "skills"],
        [[m.id, m.id, "UTC", "GB", m.id, ""] for m in instance.staff],
    )
    _write_csv(
        folder / "time_off.csv",
        ["agent_id", "first_day", "last_day"],
        [
            [employee, when[day], when[day]]
            for employee, days in instance.days_off.items()
            for day in sorted(days)
        ],
    )
    _write_csv(
        folder / "requests.csv",
        ["agent_id", "date", "kind", "weight", "shift_type"],
        [[r.employee, when[r.day], "on", r.weight, r.shift] for r in instance.on_requests]
        + [[r.employee, when[r.day], "off", r.weight, r.shift] for r in instance.off_requests],
    )
    _write_csv(
        folder / "shift_cover.csv",
        ["date", "shift_type", "required", "under_weight", "over_weight"],
        [
            [when[c.day], c.shift, c.requirement, c.under_weight, c.over_weight]
            for c in instance.cover
        ],
    )
    path = folder / "scenario.yaml"
    # Every employee's contract lists the same shift types and successions:
    # written once with an anchor and referred to after, the file of
    # Instance24 (150 contracts, 32 types, 416 successions) takes about 1 s to
    # write and read instead of 16 s.
    dumper = _dumper_sharing([hours, types, successions])
    path.write_text(yaml.dump(spec, Dumper=dumper, sort_keys=False), encoding="utf-8")
    return path


def _dumper_sharing(shared: list[object]) -> type[yaml.SafeDumper]:
    """A YAML dumper that anchors only the ``shared`` objects; the rest reads in full."""
    ids = {id(item) for item in shared}

    class SharingDumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return id(data) not in ids

    return SharingDumper


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def to_scenario(instance: CurtoisInstance) -> Scenario:
    """The instance as a loaded scenario, read back through the ordinary loader.

    Going through the files (and :func:`~shiftplan.scenario.load.load_scenario`)
    means the benchmark runs exactly what a user's ``shiftplan solve`` would.
    """
    with tempfile.TemporaryDirectory(prefix="curtois-") as folder:
        scenario = load_scenario(write_scenario(instance, folder))
    return scenario.model_copy(update={"path": None})
