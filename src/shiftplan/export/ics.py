"""iCalendar files: one per agent in ``calendars/``, plus one for the team.

Written with the ``icalendar`` library, which also builds the VTIMEZONE
components from the IANA database. Each shift is a VEVENT whose DTSTART and
DTEND are in the agent's own zone, so calendar apps place it at the right
hour on both sides of a clock change. The UID is made of the agent and the
local date of the shift slot (plus the scenario as a namespace), not of its
start time, so re-publishing an edited roster updates the event.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from icalendar import Calendar, Event, Timezone
from icalendar.parser import Contentline, Parameters

from shiftplan.atomic import new_folder_mode
from shiftplan.export._common import agent_days, file_name, span
from shiftplan.output_set import swap_in
from shiftplan.scenario.models import Scenario

TEAM_FILE = "team.ics"


def namespace(scenario: Scenario) -> str:
    """The UID domain of a scenario's events, e.g. ``tiny-team.shiftplan``."""
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.name.lower()).strip("-") or "roster"
    return f"{slug}.shiftplan"


def event_uid(scenario: Scenario, agent_id: str, day: date, team: bool = False) -> str:
    """A UID stable for the same agent and shift slot (local date), whatever its times."""
    prefix = "team-shift" if team else "shift"
    return f"{prefix}-{agent_id}-{day.isoformat()}@{namespace(scenario)}"


@cache
def _timezone(zone: str, first: date, last: date) -> Timezone:
    return Timezone.from_tzid(zone, first_date=first, last_date=last)


def write_calendars(scenario: Scenario, shifts: pd.DataFrame, folder: Path) -> list[Path]:
    """Write ``folder/<agent_id>.ics`` for every agent and ``folder/team.ics``.

    The folder is written in a temporary place and swapped in, so calendars of
    two different rosters are never mixed.
    """
    horizon = scenario.horizon
    first = horizon.start - timedelta(days=400)
    last = horizon.start + timedelta(days=horizon.days + 400)
    stamp = datetime.now(UTC).replace(microsecond=0)
    days = agent_days(scenario, shifts)
    taken = {file_name(agent.id) for agent in scenario.agents}
    team_name = TEAM_FILE if "team" not in taken else "team-all.ics"
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    staging.chmod(new_folder_mode())
    try:
        team_events: list[bytes] = []
        paths = []
        for agent in scenario.agents:
            zone = ZoneInfo(agent.timezone)
            own_events: list[bytes] = []
            for entry in days[agent.id]:
                if entry.shift is None:
                    continue
                # The agent's event and the team's copy share their times and
                # differ in UID and SUMMARY: the times are serialised once and
                # each copy gets its own two lines, as icalendar writes them.
                times = _times(entry.shift, zone, stamp)
                uid = event_uid(scenario, agent.id, entry.day)
                own_events.append(_assemble(times, uid, f"Shift {span(entry.shift)}"))
                team_events.append(
                    _assemble(
                        times,
                        event_uid(scenario, agent.id, entry.day, team=True),
                        f"{agent.name} ({agent.id}) {span(entry.shift)}",
                    )
                )
            calendar = _calendar(f"Shifts: {agent.name}", agent.timezone)
            calendar.add_component(_timezone(agent.timezone, first, last))
            path = staging / f"{file_name(agent.id)}.ics"
            path.write_bytes(_with_events(calendar, own_events))
            paths.append(folder / path.name)
        team = _calendar(f"Shifts: {scenario.name}", scenario.report_zone.key)
        for zone_name in sorted({agent.timezone for agent in scenario.agents}):
            team.add_component(_timezone(zone_name, first, last))
        (staging / team_name).write_bytes(_with_events(team, team_events))
        paths.append(folder / team_name)
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return paths


def _calendar(name: str, zone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//shiftplan//roster export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    return calendar


def _line(name: str, value: str) -> bytes:
    """One content line exactly as icalendar writes it in an event (escaped, folded)."""
    return bytes(Contentline.from_parts(name, Parameters(), value).to_ical()) + b"\r\n"


def _with_events(calendar: Calendar, events: list[bytes]) -> bytes:
    """The calendar's own lines and time zones, then the serialised events."""
    shell = bytes(calendar.to_ical())
    end = b"END:VCALENDAR\r\n"
    return shell[: -len(end)] + b"".join(events) + end


def _times(shift: dict[str, Any], zone: ZoneInfo, stamp: datetime) -> bytes:
    """A serialised VEVENT with DTSTAMP, DTSTART and DTEND in the agent's zone."""
    # Only what calendars need: every character costs time in icalendar's
    # line folding, and a 500-agent team has 17,000 events to write.
    event = Event()
    event.add("dtstamp", stamp)
    event.add("dtstart", pd.Timestamp(shift["start_utc"]).to_pydatetime().astimezone(zone))
    event.add("dtend", pd.Timestamp(shift["end_utc"]).to_pydatetime().astimezone(zone))
    return bytes(event.to_ical())


def _assemble(times: bytes, uid: str, summary: str) -> bytes:
    """The event ``times`` with its UID and SUMMARY lines added after BEGIN."""
    begin = b"BEGIN:VEVENT\r\n"
    return begin + _line("UID", uid) + _line("SUMMARY", summary) + times[len(begin) :]
