"""Who works when: one row per agent, grouped by home zone, shifts on the UTC axis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from shiftplan.plotting._style import BLUE, GREY, ORANGE, SKY_BLUE, YELLOW, new_axes
from shiftplan.scenario.models import Scenario
from shiftplan.shifts import NIGHT_MIN_MINUTES, local_start_utc, night_minutes

# Above this many shifts, start-time labels would be unreadable ink.
LABEL_LIMIT = 400


def timeline_frame(scenario: Scenario, shifts: pd.DataFrame) -> pd.DataFrame:
    """The shifts to draw: row, UTC start and end, local start label, night, weekend.

    Rows go by home zone (east to west by UTC offset at the cycle's start),
    then agent id; ``row`` is the agent's position from the top.
    """
    order = _agent_order(scenario)
    row_of = {agent_id: index for index, agent_id in enumerate(order)}
    start = pd.to_datetime(shifts["start_utc"], utc=True)
    end = pd.to_datetime(shifts["end_utc"], utc=True)
    labels, nights, weekends = [], [], []
    for agent_id, begin, stop in zip(shifts["agent_id"], start, end, strict=True):
        agent = scenario.agent(str(agent_id))
        local = begin.tz_convert(agent.timezone)
        labels.append(f"{local:%H:%M}")
        minute = local.hour * 60 + local.minute
        length = int((stop - begin).total_seconds() // 60)
        nights.append(night_minutes(minute, length) >= NIGHT_MIN_MINUTES)
        weekends.append(local.weekday() in agent.weekend)
    return pd.DataFrame(
        {
            "agent_id": shifts["agent_id"].astype(str).to_numpy(),
            "row": [row_of[str(agent_id)] for agent_id in shifts["agent_id"]],
            "start_utc": start.to_numpy(),
            "end_utc": end.to_numpy(),
            "local_start": labels,
            "night": nights,
            "weekend": weekends,
        }
    )


def _agent_order(scenario: Scenario) -> list[str]:
    moment = scenario.horizon.start_utc

    def key(agent_id: str) -> tuple[float, str, str]:
        agent = scenario.agent(agent_id)
        offset = moment.astimezone(agent.zone).utcoffset() or timedelta(0)
        return (-offset.total_seconds(), agent.timezone, agent.id)

    return sorted((agent.id for agent in scenario.agents), key=key)


def plot_roster_timeline(scenario: Scenario, shifts: pd.DataFrame, *, ax: Any = None) -> Any:
    """The roster as a Gantt chart: shifts by agent, leave and holidays shaded.

    Parameters
    ----------
    scenario
        The scenario (agents, zones, leave, holidays).
    shifts
        The roster (``Result.to_frame()`` or roster.csv).
    ax
        A matplotlib Axes to draw on.

    Returns
    -------
    matplotlib.figure.Figure
        Shift bars are coloured day (sky blue), night (blue: 3 h or more
        between 22:00 and 06:00 local) or weekend (orange); labels give the
        local start time when the chart is small enough to read them.
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    order = _agent_order(scenario)
    frame = timeline_frame(scenario, shifts)
    figure, (axis,) = new_axes(
        ax, 1, width=12.0, height=1.6 + len(order) * max(0.08, min(0.2, 12 / max(len(order), 1)))
    )
    horizon = scenario.horizon
    origin = pd.Timestamp(horizon.start_utc)
    base = mdates.date2num(origin.to_pydatetime())
    # Days off first, behind the shifts: the agent's whole local day.
    for row, agent_id in enumerate(order):
        agent = scenario.agent(agent_id)
        spans: dict[str, list[tuple[float, float]]] = {"public holiday": [], "time off": []}
        for day, reason in scenario.days_off(agent).items():
            if not horizon.start <= day < horizon.start + timedelta(days=horizon.days):
                continue
            begin = local_start_utc(agent.timezone, day, 0)
            finish = local_start_utc(agent.timezone, day + timedelta(days=1), 0)
            if begin is None or finish is None:
                continue
            start_num = mdates.date2num(begin)
            spans[reason].append((start_num, mdates.date2num(finish) - start_num))
        for reason, colour in (("public holiday", YELLOW), ("time off", GREY)):
            if spans[reason]:
                axis.broken_barh(spans[reason], (row - 0.45, 0.9), facecolors=colour, alpha=0.6)
    colours = np.where(frame["night"], BLUE, np.where(frame["weekend"], ORANGE, SKY_BLUE))
    begins = mdates.date2num(pd.DatetimeIndex(frame["start_utc"]).to_pydatetime())
    ends = mdates.date2num(pd.DatetimeIndex(frame["end_utc"]).to_pydatetime())
    for agent_row, rows in frame.groupby("row").indices.items():
        axis.broken_barh(
            list(zip(begins[rows], ends[rows] - begins[rows], strict=True)),
            (int(str(agent_row)) - 0.35, 0.7),
            facecolors=list(colours[rows]),
            edgecolor="white",
            linewidth=0.3,
        )
    if len(frame) <= LABEL_LIMIT:
        for begin, finish, row, label in zip(
            begins, ends, frame["row"], frame["local_start"], strict=True
        ):
            axis.text((begin + finish) / 2, row, label, ha="center", va="center", fontsize=5.5)
    axis.set_yticks(range(len(order)))
    axis.set_yticklabels(
        [f"{scenario.agent(a).name} ({scenario.agent(a).timezone})" for a in order],
        fontsize=7 if len(order) <= 60 else 4,
    )
    axis.set_ylim(len(order) - 0.5, -0.5)
    axis.set_xlim(base, base + horizon.days)
    axis.xaxis.set_major_locator(mdates.DayLocator(interval=1 if horizon.days <= 14 else 7))
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))
    axis.xaxis.set_minor_locator(mdates.DayLocator())
    axis.grid(axis="x", which="both", alpha=0.25)
    axis.set_xlabel(
        "time (UTC); bar labels: local start time in the agent's zone"
        if len(frame) <= LABEL_LIMIT
        else "time (UTC)"
    )
    handles = [
        Patch(color=SKY_BLUE, label="day shift"),
        Patch(color=BLUE, label="night shift"),
        Patch(color=ORANGE, label="weekend shift"),
        Patch(color=YELLOW, alpha=0.6, label="public holiday"),
        Patch(color=GREY, alpha=0.6, label="leave"),
    ]
    axis.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=5,
        frameon=False, fontsize=8,
    )  # fmt: skip
    zones = len({scenario.agent(a).timezone for a in order})
    figure.suptitle(
        f"Who works when: {len(order)} agents in {zones} time zones, {len(frame):,} shifts"
    )
    return figure
