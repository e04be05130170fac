"""A short, readable description of a valid scenario (``shiftplan validate``)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.scenario.models import Scenario


def dst_changes(zone_name: str, first: datetime, last: datetime) -> list[tuple[datetime, str]]:
    """UTC offset changes of a zone between two instants, found hour by hour."""
    zone = ZoneInfo(zone_name)
    changes = []
    instant = first
    offset = instant.astimezone(zone).utcoffset()
    while instant < last:
        following = instant + timedelta(hours=1)
        new_offset = following.astimezone(zone).utcoffset()
        if new_offset != offset:
            assert offset is not None and new_offset is not None
            hours = (new_offset - offset).total_seconds() / 3600
            local = following.astimezone(zone)
            changes.append((following, f"{local:%Y-%m-%d %H:%M} local, clocks {hours:+g} h"))
            offset = new_offset
        instant = following
    return changes


def describe(scenario: Scenario) -> str:
    """Text summary: team, contracts, queues, volume per day, horizon, DST changes."""
    horizon = scenario.horizon
    report = scenario.report_zone
    first = horizon.start_utc
    last = first + timedelta(days=horizon.days)
    lines = [f"Scenario: {scenario.name}"]
    lines.append(
        f"Horizon: {horizon.days} days, {horizon.interval_minutes}-minute intervals; "
        f"UTC {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}; "
        f"{scenario.file.report_timezone} {first.astimezone(report):%Y-%m-%d %H:%M %z} to "
        f"{last.astimezone(report):%Y-%m-%d %H:%M %z}"
    )
    zones = Counter(agent.timezone for agent in scenario.agents)
    countries = Counter(agent.country for agent in scenario.agents)
    lines.append(f"Agents: {len(scenario.agents)}")
    lines.append("  by time zone: " + ", ".join(f"{z} {n}" for z, n in sorted(zones.items())))
    lines.append("  by country: " + ", ".join(f"{c} {n}" for c, n in sorted(countries.items())))
    contracts = Counter(agent.contract for agent in scenario.agents)
    lines.append("Contracts:")
    for name, contract in scenario.contracts.items():
        window = contract.start_window
        lines.append(
            f"  {name}: {contracts.get(name, 0)} agents, {contract.hours_per_week.min:g}-"
            f"{contract.hours_per_week.max:g} h/week, shifts {contract.shift_hours} h, "
            f"{contract.days_per_week.min}-{contract.days_per_week.max} days/week, starts "
            f"{window.earliest:%H:%M}-{window.latest:%H:%M} local, rest "
            f"{contract.min_rest_hours:g} h"
        )
    if scenario.queues:
        lines.append("Queues:")
        totals = scenario.forecast.groupby("queue")["contacts"].sum()
        all_contacts = float(totals.sum()) or 1.0
        for queue in scenario.queues:
            level = queue.service_level
            promise = (
                f"{level.target:.0%} within {level.answer_within_seconds:g} s"
                if level is not None
                else f"answer within {queue.respond_within_hours:g} h"
            )
            share = float(totals.get(queue.name, 0.0)) / all_contacts
            lines.append(
                f"  {queue.name} ({queue.kind}, skill {queue.skill}): "
                f"{totals.get(queue.name, 0):,.0f} contacts ({share:.0%}), "
                f"AHT {queue.aht_seconds:g} s, {promise}"
            )
        step = pd.Timedelta(minutes=horizon.interval_minutes)
        stamps = pd.Timestamp(first) + step * scenario.forecast["interval"].to_numpy()
        local_days = pd.DatetimeIndex(stamps).tz_convert(report).date
        daily = scenario.forecast.assign(day=local_days).pivot_table(
            index="day", columns="queue", values="contacts", aggfunc="sum"
        )
        lines.append(f"Contacts per day ({scenario.file.report_timezone} days):")
        for day, row in daily.iterrows():
            values = ", ".join(f"{queue} {row[queue]:,.0f}" for queue in daily.columns)
            lines.append(f"  {day:%a %Y-%m-%d}: {values}")
    if scenario.shift_cover:
        wanted: Counter[str] = Counter()
        for cover in scenario.shift_cover:
            wanted[cover.shift_type] += cover.required
        lines.append(
            f"Shift-cover demand: {len(scenario.shift_cover)} rows (shift type and day), "
            f"{sum(wanted.values()):,} people-shifts wanted: "
            + ", ".join(f"{kind} {count:,}" for kind, count in sorted(wanted.items()))
        )
    lines.append("Daylight-saving changes inside the horizon:")
    found = False
    for zone_name in sorted(zones):
        for _, text in dst_changes(zone_name, first, last):
            found = True
            lines.append(f"  {zone_name} ({zones[zone_name]} agents): {text}")
    if not found:
        lines.append("  none")
    lines.append("No problems found.")
    return "\n".join(lines)
