"""One week of scheduled against required agents, per queue, in the report zone."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from shiftplan.plotting._style import (
    BLACK,
    BLUE,
    SKY_BLUE,
    VERMILLION,
    local_times,
    new_axes,
    zone_label,
)
from shiftplan.scenario.models import Scenario


def weeks(scenario: Scenario) -> int:
    """Number of weeks (7-day blocks from the horizon start, the last maybe shorter)."""
    return -(-scenario.horizon.days // 7)


def week_frame(
    scenario: Scenario, coverage: pd.DataFrame, week: int, queues: list[str] | None = None
) -> pd.DataFrame:
    """Required and scheduled agents of one week, queues summed, indexed by local time.

    Week 1 is the first 7 days of the UTC grid from the horizon start.
    """
    if not 1 <= week <= weeks(scenario):
        msg = f"week {week} is outside the cycle: choose 1 to {weeks(scenario)}"
        raise ValueError(msg)
    rows = coverage if queues is None else coverage[coverage["queue"].isin(queues)]
    times = pd.to_datetime(rows["interval_start_utc"], utc=True)
    origin = pd.Timestamp(scenario.horizon.start_utc)
    first = origin + pd.Timedelta(days=7 * (week - 1))
    inside = rows[(times >= first) & (times < first + pd.Timedelta(days=7))]
    frame = inside.groupby("interval_start_utc", sort=True)[["required", "scheduled"]].sum()
    frame.index = local_times(scenario, frame.index)
    return frame


def _time_ticks(axis: Any, local: pd.DatetimeIndex, stop: float) -> None:
    """Major ticks at local midnights labelled with the weekday, minor at 06, 12, 18."""
    origin = local[0]
    day = origin.normalize()
    majors, labels, minors, minor_labels = [], [], [], []
    while True:
        for hour in (0, 6, 12, 18):
            moment = (
                (day + pd.Timedelta(hours=hour))
                .tz_localize(None)
                .tz_localize(local.tz, nonexistent="shift_forward", ambiguous=False)
            )
            position = (moment - origin).total_seconds() / 3600
            if position > stop:
                break
            if position < 0:
                continue
            if hour == 0:
                majors.append(position)
                labels.append(f"{moment:%a %d %b}")
            else:
                minors.append(position)
                minor_labels.append(f"{hour:02d}")
        else:
            day += pd.Timedelta(days=1)
            continue
        break
    axis.set_xticks(majors, labels)
    axis.set_xticks(minors, minor_labels, minor=True)
    axis.tick_params(axis="x", which="minor", labelsize=7, colors="#555555")
    axis.tick_params(axis="x", which="major", pad=12)


def plot_coverage(
    scenario: Scenario,
    coverage: pd.DataFrame,
    *,
    week: int = 1,
    queues: list[str] | None = None,
    ax: Any = None,
) -> Any:
    """Scheduled against required agents for one week, shortfall in vermillion.

    Parameters
    ----------
    scenario
        The scenario (report zone, horizon).
    coverage
        ``Result.coverage`` or coverage.csv.
    week
        Which week of the cycle, from 1.
    queues
        Queues to show (default: all). Without ``ax``, one panel per queue.
    ax
        A matplotlib Axes to draw on; the chosen queues are then summed in it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = queues or list(dict.fromkeys(coverage["queue"]))
    panels = [names] if ax is not None else [[name] for name in names]
    figure, axes = new_axes(ax, len(panels), width=11.0, height=2.8, margins=(0.8, 1.3, 0.5, 0.75))
    step_hours = scenario.horizon.interval_minutes / 60
    short_hours = 0.0
    for axis, chosen in zip(axes, panels, strict=True):
        frame = week_frame(scenario, coverage, week, chosen)
        # Plain hours from the week's first instant on the x axis, with fixed
        # ticks at local midnights: date locators with a zone are slow to draw.
        origin = frame.index[0]
        offsets = np.asarray((frame.index - origin).total_seconds() / 3600)
        x = np.append(offsets, offsets[-1] + step_hours)
        required = np.append(frame["required"].to_numpy(), frame["required"].iloc[-1])
        scheduled = np.append(frame["scheduled"].to_numpy(), frame["scheduled"].iloc[-1])
        short_hours += float(np.maximum(required[:-1] - scheduled[:-1], 0).sum()) * step_hours
        axis.fill_between(
            x, scheduled, required, where=required > scheduled, step="post",
            color=VERMILLION, alpha=0.45, linewidth=0, label="short",
        )  # fmt: skip
        axis.fill_between(
            x, required, scheduled, where=scheduled > required, step="post",
            color=SKY_BLUE, alpha=0.35, linewidth=0, label="over",
        )  # fmt: skip
        axis.step(x, required, where="post", color=BLACK, linewidth=1.1, label="required")
        axis.step(x, scheduled, where="post", color=BLUE, linewidth=1.1, label="scheduled")
        _time_ticks(axis, pd.DatetimeIndex(frame.index), x[-1])
        axis.set_title(" + ".join(chosen), loc="left", fontsize=10)
        axis.set_ylabel("agents on shift")
        axis.set_ylim(bottom=0)
        axis.set_xlim(0, x[-1])
        axis.grid(axis="x", which="major", alpha=0.4)
        axis.grid(axis="y", alpha=0.2)
        axis.set_xlabel(f"local time ({zone_label(scenario)}): days, and hours 06, 12, 18")
        axis.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    first = week_frame(scenario, coverage, week, names).index
    # The week is 7 days of the UTC grid; in the report zone it starts at this time.
    short_text = f"{round(short_hours * 2) / 2:,.1f}".removesuffix(".0")
    figure.suptitle(
        f"Week {week}, from {first[0]:%a %d %b %H:%M} {first[0].tzname()}: "
        f"short by {short_text} agent-hours"
    )
    return figure
