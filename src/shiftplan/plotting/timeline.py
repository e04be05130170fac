"""Who works when: one row per agent, grouped by home zone, shifts on the UTC axis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from shiftplan.plotting._style import BLUE, GREY, ORANGE, SKY_BLUE, YELLOW, new_axes
from shiftplan.scenario.models import Agent, Scenario
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
    agents = {agent.id: agent for agent in scenario.agents}
    ids = shifts["agent_id"].astype(str).to_numpy()
    start = pd.to_datetime(shifts["start_utc"], utc=True).reset_index(drop=True)
    end = pd.to_datetime(shifts["end_utc"], utc=True).reset_index(drop=True)
    lengths = ((end - start).dt.total_seconds() // 60).astype(int).to_numpy()
    zones = np.asarray([agents[agent_id].timezone for agent_id in ids])
    labels = np.empty(len(ids), dtype=object)
    minutes = np.zeros(len(ids), dtype=int)
    weekdays = np.zeros(len(ids), dtype=int)
    # One conversion per home zone, not per shift: a large roster stays fast.
    for zone in np.unique(zones):
        mask = zones == zone
        local = start[mask].dt.tz_convert(str(zone))
        labels[mask] = local.dt.strftime("%H:%M").to_numpy()
        minutes[mask] = (local.dt.hour * 60 + local.dt.minute).to_numpy()
        weekdays[mask] = local.dt.day_of_week.to_numpy()
    night_of: dict[tuple[int, int], bool] = {}
    nights = []
    for minute, length in zip(minutes, lengths, strict=True):
        key = (int(minute), int(length))
        if key not in night_of:
            night_of[key] = night_minutes(*key) >= NIGHT_MIN_MINUTES
        nights.append(night_of[key])
    weekends = [
        int(day) in agents[agent_id].weekend for agent_id, day in zip(ids, weekdays, strict=True)
    ]
    return pd.DataFrame(
        {
            "agent_id": ids,
            "row": [row_of[agent_id] for agent_id in ids],
            "start_utc": start.to_numpy(),
            "end_utc": end.to_numpy(),
            "local_start": list(labels),
            "night": nights,
            "weekend": weekends,
        }
    )


def _agent_order(scenario: Scenario) -> list[str]:
    moment = scenario.horizon.start_utc

    def key(agent: Agent) -> tuple[float, str, str]:
        offset = moment.astimezone(agent.zone).utcoffset() or timedelta(0)
        return (-offset.total_seconds(), agent.timezone, agent.id)

    return [agent.id for agent in sorted(scenario.agents, key=key)]


def _boxes(starts: Any, stops: Any, rows: Any, height: float) -> np.ndarray:
    """Rectangles (n, 4, 2) from x ``starts`` to ``stops`` centred on ``rows``."""
    low = np.asarray(rows, float) - height / 2
    high = low + height
    return np.stack(
        [
            np.column_stack([starts, low]),
            np.column_stack([stops, low]),
            np.column_stack([stops, high]),
            np.column_stack([starts, high]),
        ],
        axis=1,
    )


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
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    order = _agent_order(scenario)
    agents = {agent.id: agent for agent in scenario.agents}
    frame = timeline_frame(scenario, shifts)
    # Rows stay readable for a small team and the page stays short for a large one.
    row_height = max(0.05, min(0.2, 12 / max(len(order), 1)))
    figure, (axis,) = new_axes(
        ax, 1, width=12.0, height=1.6 + row_height * len(order), margins=(2.3, 0.6, 1.1, 0.6)
    )
    horizon = scenario.horizon
    base = mdates.date2num(horizon.start_utc)
    last_day = horizon.start + timedelta(days=horizon.days)
    # Days off first, behind the shifts: the agent's whole local day. All bars
    # of one kind go in one collection: a large team draws in seconds.
    spans: dict[str, list[tuple[float, float, int]]] = {"public holiday": [], "time off": []}
    for row, agent_id in enumerate(order):
        agent = agents[agent_id]
        for day, reason in scenario.days_off(agent).items():
            if not horizon.start <= day < last_day:
                continue
            begin = local_start_utc(agent.timezone, day, 0)
            finish = local_start_utc(agent.timezone, day + timedelta(days=1), 0)
            if begin is not None and finish is not None:
                spans[reason].append((mdates.date2num(begin), mdates.date2num(finish), row))
    for reason, colour in (("public holiday", YELLOW), ("time off", GREY)):
        if spans[reason]:
            starts, stops, rows = (
                np.asarray(values) for values in zip(*spans[reason], strict=True)
            )
            axis.add_collection(
                PolyCollection(list(_boxes(starts, stops, rows, 0.9)), facecolors=colour, alpha=0.6)
            )
    colours = np.where(frame["night"], BLUE, np.where(frame["weekend"], ORANGE, SKY_BLUE))
    begins = mdates.date2num(pd.DatetimeIndex(frame["start_utc"]).to_pydatetime())
    ends = mdates.date2num(pd.DatetimeIndex(frame["end_utc"]).to_pydatetime())
    axis.add_collection(
        PolyCollection(
            list(_boxes(begins, ends, frame["row"].to_numpy(), 0.7)),
            facecolors=list(colours),
            edgecolors="white",
            linewidths=0.3,
        )
    )
    if len(frame) <= LABEL_LIMIT:
        for begin, finish, row, label in zip(
            begins, ends, frame["row"], frame["local_start"], strict=True
        ):
            axis.text((begin + finish) / 2, row, label, ha="center", va="center", fontsize=5.5)
    if len(order) <= 60:
        axis.set_yticks(
            range(len(order)),
            [f"{agents[a].name} ({agents[a].timezone})" for a in order],
            fontsize=7,
        )
    else:
        # A large team: one label per home zone, rows of a zone between lines.
        homes = [agents[a].timezone for a in order]
        groups = [(zone, homes.index(zone), homes.count(zone)) for zone in dict.fromkeys(homes)]
        axis.set_yticks(
            [first + (count - 1) / 2 for _, first, count in groups],
            [f"{zone} ({count} agents)" for zone, _, count in groups],
            fontsize=8,
        )
        for _, first, _ in groups[1:]:
            axis.axhline(first - 0.5, color="#555555", linewidth=0.6)
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
        f"Who works when: {len(order)} agents in {zones} time zones, {len(frame):,} shifts",
        # A fixed distance from the top edge, clear of the legend, at any height.
        y=1 - 0.15 / figure.get_figheight(),
        va="top",
    )
    return figure
