"""Writing a generated scenario: its YAML file and CSV files, atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from shiftplan.atomic import write_text
from shiftplan.generate.calibration import (
    CHAT_AHT,
    CHAT_CONCURRENCY,
    CHAT_MAX_OCCUPANCY,
    CHAT_SL_SECONDS,
    CHAT_SL_TARGET,
    EMAIL_AHT,
    EMAIL_RESPOND_HOURS,
    SHRINKAGE,
)
from shiftplan.generate.synthetic import (
    EXAMPLE_AGENTS,
    EXAMPLE_DAYS,
    EXAMPLE_SEED,
    EXAMPLE_SLUG,
    EXAMPLE_START,
    EXAMPLE_TIMEZONES,
    REPORT_TIMEZONE,
    GeneratedScenario,
    build_scenario,
)
from shiftplan.generate.team import CONTRACTS, AgentRow, LeaveRow
from shiftplan.scenario.models import Contract


def generate_scenario(
    out_dir: Path,
    *,
    agents: int = EXAMPLE_AGENTS,
    days: int = EXAMPLE_DAYS,
    start: date = EXAMPLE_START,
    interval_minutes: int = 30,
    seed: int = EXAMPLE_SEED,
    timezones: int = EXAMPLE_TIMEZONES,
    name: str | None = None,
    data_dir: Path | None = None,
    slug: str | None = None,
) -> Path:
    """Generate a scenario and write its YAML file and CSV files.

    Parameters
    ----------
    out_dir
        Folder for the YAML file, created if needed.
    agents
        Team size.
    days
        Length of the horizon in days.
    start
        First day of the horizon.
    interval_minutes
        Length of one interval of the UTC grid: 15, 30 or 60.
    seed
        Seed of numpy's ``default_rng``; the same arguments write the same bytes.
    timezones
        Number of time zones the team works in, 1 to 10. Nine gives the
        example's sites; ten adds Mexico City.
    name
        The scenario's display name; a descriptive default when omitted.
    data_dir
        Folder for agents.csv, forecast.csv and time_off.csv; ``out_dir`` when
        omitted. The YAML file refers to them by relative path.
    slug
        File name of the YAML file without ``.yaml``: by default ``example``
        for the example's arguments, else derived from ``name`` or the sizes.

    Returns
    -------
    Path
        The YAML file written.
    """
    scenario = build_scenario(
        agents=agents,
        days=days,
        start=start,
        interval_minutes=interval_minutes,
        seed=seed,
        timezones=timezones,
        name=name,
    )
    if slug is None:
        slug = default_slug(agents, days, start, interval_minutes, seed, timezones, name)
    return write_scenario(scenario, Path(out_dir), data_dir=data_dir, slug=slug)


def write_scenario(
    scenario: GeneratedScenario, out_dir: Path, *, data_dir: Path | None = None, slug: str
) -> Path:
    """Write a built scenario: ``out_dir/<slug>.yaml`` and the CSVs in ``data_dir``."""
    data_dir = out_dir if data_dir is None else Path(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "forecast": data_dir / "forecast.csv",
        "agents": data_dir / "agents.csv",
        "time_off": data_dir / "time_off.csv",
    }
    relative = {
        key: os.path.relpath(path.resolve(), out_dir.resolve()).replace(os.sep, "/")
        for key, path in files.items()
    }
    write_text(files["agents"], _agents_csv(scenario.agents))
    write_text(files["time_off"], _time_off_csv(scenario.time_off))
    write_text(files["forecast"], _forecast_csv(scenario))
    yaml_path = out_dir / f"{slug}.yaml"
    write_text(yaml_path, _scenario_yaml(scenario, relative, slug))
    return yaml_path


def default_slug(
    agents: int,
    days: int,
    start: date,
    interval_minutes: int,
    seed: int,
    timezones: int,
    name: str | None,
) -> str:
    """The YAML file name: from ``name``, ``example`` for the example, else the sizes."""
    if name is not None:
        return _slugify(name)
    example = (EXAMPLE_AGENTS, EXAMPLE_DAYS, EXAMPLE_START, 30, EXAMPLE_SEED, EXAMPLE_TIMEZONES)
    if (agents, days, start, interval_minutes, seed, timezones) == example:
        return EXAMPLE_SLUG
    return f"team{agents}-{days}d-{timezones}tz-seed{seed}"


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "scenario"


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _agents_csv(team: Sequence[AgentRow]) -> str:
    return _csv_text(
        ("id", "name", "timezone", "country", "contract", "skills"),
        [(a.id, a.name, a.timezone, a.country, a.contract, a.skills) for a in team],
    )


def _time_off_csv(leave: Sequence[LeaveRow]) -> str:
    return _csv_text(
        ("agent_id", "first_day", "last_day", "reason"),
        [(r.agent_id, r.first_day.isoformat(), r.last_day.isoformat(), r.reason) for r in leave],
    )


def _forecast_csv(scenario: GeneratedScenario) -> str:
    origin = datetime(scenario.start.year, scenario.start.month, scenario.start.day, tzinfo=UTC)
    step = timedelta(minutes=scenario.interval_minutes)
    stamps = [
        (origin + step * index).strftime("%Y-%m-%dT%H:%M:%SZ")
        for index in range(scenario.intervals)
    ]
    lines = ["queue,interval_start,contacts"]
    for queue in ("chat", "email"):
        counts = scenario.contacts[queue].tolist()
        lines += [f"{queue},{stamp},{count}" for stamp, count in zip(stamps, counts, strict=True)]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _contract_yaml(name: str, contract: Contract, weekends_off: int) -> list[str]:
    low, high = contract.hours_per_week.min, contract.hours_per_week.max
    fewest, most = contract.days_per_week.min, contract.days_per_week.max
    earliest = f"{contract.start_window.earliest:%H:%M}"
    latest = f"{contract.start_window.latest:%H:%M}"
    lengths = ", ".join(_number(length) for length in contract.shift_hours)
    return [
        f"  {name}:",
        f"    hours_per_week: {{min: {_number(low)}, max: {_number(high)}}}",
        f"    shift_hours: [{lengths}]",
        f"    days_per_week: {{min: {fewest}, max: {most}}}",
        f"    start_window: {{earliest: {_quote(earliest)}, latest: {_quote(latest)}}}",
        f"    start_step_minutes: {contract.start_step_minutes}",
        f"    min_rest_hours: {_number(contract.min_rest_hours)}",
        f"    max_consecutive_days: {contract.max_consecutive_days}",
        f"    min_weekends_off: {weekends_off}",
    ]


def describe(scenario: GeneratedScenario) -> list[str]:
    """A few lines on the team, the volume and the calibration."""
    team = scenario.agents
    contract_counts = {name: sum(a.contract == name for a in team) for name in CONTRACTS}
    zone_counts = {s.zone: sum(a.timezone == s.zone for a in team) for s in scenario.sites}
    chat = int(scenario.contacts["chat"].sum())
    email = int(scenario.contacts["email"].sum())
    cal = scenario.calibration
    leave_days = sum((row.last_day - row.first_day).days + 1 for row in scenario.time_off)
    return [
        f"{len(team)} agents in {len(zone_counts)} time zones: "
        + ", ".join(f"{zone} {count}" for zone, count in zone_counts.items()),
        "contracts: " + ", ".join(f"{name} {count}" for name, count in contract_counts.items()),
        f"time off: {len(scenario.time_off)} blocks, {leave_days} days",
        f"contacts: chat {chat}, email {email} ({chat / max(chat + email, 1):.0%} chat)",
        f"required agent-hours (shrinkage {SHRINKAGE:.0%} included): {cal.required_hours:.0f} "
        f"(chat {cal.chat_hours:.0f}, email {cal.email_hours:.0f})",
        f"team hours: {cal.contracted_hours:.0f} contracted, {cal.available_hours:.0f} after "
        f"leave and public holidays; required/contracted "
        f"{_share(cal.required_hours, cal.contracted_hours)}, required/available "
        f"{_share(cal.required_hours, cal.available_hours)}",
    ]


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole > 0 else "n/a (no hours)"


def _scenario_yaml(scenario: GeneratedScenario, paths: dict[str, str], slug: str) -> str:
    command = (
        "python -m shiftplan.generate --example"
        if slug == EXAMPLE_SLUG
        else "python -m shiftplan.generate"
    )
    zones = {agent.timezone for agent in scenario.agents}
    report_zone = REPORT_TIMEZONE if REPORT_TIMEZONE in zones else scenario.agents[0].timezone
    weekends_off = min(1, scenario.days // 7)
    lines = [
        f"# Synthetic scenario written by `{command}` (seed {scenario.seed}).",
        "# Regenerating with the same arguments writes the same bytes.",
        *(f"#   {line}" for line in describe(scenario)),
        f"name: {_quote(scenario.name)}",
        f"horizon: {{start: {scenario.start.isoformat()}, days: {scenario.days}, "
        f"interval_minutes: {scenario.interval_minutes}}}",
        f"report_timezone: {report_zone}",
        "queues:",
        f"  - {{name: chat, kind: realtime, aht_seconds: {_number(CHAT_AHT)}, "
        f"concurrency: {CHAT_CONCURRENCY}, service_level: {{target: {_number(CHAT_SL_TARGET)}, "
        f"answer_within_seconds: {_number(CHAT_SL_SECONDS)}}}, "
        f"max_occupancy: {_number(CHAT_MAX_OCCUPANCY)}, skill: chat}}",
        f"  - {{name: email, kind: deferred, aht_seconds: {_number(EMAIL_AHT)}, "
        f"respond_within_hours: {_number(EMAIL_RESPOND_HOURS)}, skill: email}}",
        f"shrinkage: {_number(SHRINKAGE)}",
        f"forecast: {_quote(paths['forecast'])}",
        "contracts:",
    ]
    for name, contract in CONTRACTS.items():
        lines += _contract_yaml(name, contract, weekends_off)
    lines += [
        f"agents: {_quote(paths['agents'])}",
        f"time_off: {_quote(paths['time_off'])}",
        "public_holidays: true",
    ]
    return "\n".join(lines) + "\n"
