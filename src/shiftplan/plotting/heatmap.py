"""Where the whole cycle is short or over: local day by hour of day, per queue."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from shiftplan.plotting._style import BLACK, DIVERGING, local_times, new_axes, zone_label
from shiftplan.scenario.models import Scenario


def heatmap_frame(
    scenario: Scenario, coverage: pd.DataFrame, queues: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staff minus requirement, and nobody-online, as local day x hour-of-day tables.

    Rows are the report zone's local dates, columns the start of each slot of
    the day in hours (0, 0.5, ... for a 30-minute grid). Queues are summed.
    On the night clocks go back a slot happens twice and shows the mean; on
    the night they go forward a slot does not happen and stays empty (NaN).
    """
    rows = coverage if queues is None else coverage[coverage["queue"].isin(queues)]
    local = local_times(scenario, rows["interval_start_utc"])
    frame = pd.DataFrame(
        {
            "day": local.date,
            "hour": local.hour + local.minute / 60,
            "stamp": rows["interval_start_utc"].to_numpy(),
            "difference": (rows["scheduled"] - rows["required"]).to_numpy(),
            "nobody_on": rows["nobody_on"].astype(bool).to_numpy()
            if "nobody_on" in rows.columns
            else np.zeros(len(rows), bool),
        }
    )
    # Sum the queues of one instant first, then place instants on the local grid.
    per_instant = frame.groupby(["stamp", "day", "hour"], as_index=False).agg(
        difference=("difference", "sum"), nobody_on=("nobody_on", "any")
    )
    step = scenario.horizon.interval_minutes / 60
    hours = np.arange(0, 24, step)
    days = sorted(set(per_instant["day"]))
    difference = per_instant.pivot_table(
        index="day", columns="hour", values="difference", aggfunc="mean"
    ).reindex(index=days, columns=hours)
    nobody = (
        per_instant.pivot_table(index="day", columns="hour", values="nobody_on", aggfunc="max")
        .reindex(index=days, columns=hours)
        .fillna(0)
        .astype(bool)
    )
    return difference, nobody


def plot_coverage_heatmap(
    scenario: Scenario,
    coverage: pd.DataFrame,
    *,
    queues: list[str] | None = None,
    ax: Any = None,
) -> Any:
    """Staff minus requirement over the whole cycle: red short, blue over, white exact.

    Parameters
    ----------
    scenario
        The scenario (report zone, grid).
    coverage
        ``Result.coverage`` or coverage.csv (with ``nobody_on`` to mark empty cells).
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
    days = len(set(local_times(scenario, coverage["interval_start_utc"]).date))
    figure, axes = new_axes(
        ax, len(panels), width=4.5 * len(panels) + 2, height=1.6 + 0.2 * days, side=True
    )
    tables = [heatmap_frame(scenario, coverage, chosen) for chosen in panels]
    limit = max(1.0, *(float(np.nanmax(np.abs(table.to_numpy()))) for table, _ in tables))
    import matplotlib
    import matplotlib.colors as colors

    # Outside the cycle (or a slot the spring clock change skips) is grey, not white:
    # white means exactly staffed.
    cmap = matplotlib.colormaps[DIVERGING].with_extremes(bad="#D9D9D9")

    norm = colors.TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    step = scenario.horizon.interval_minutes / 60
    image = None
    for axis, chosen, (difference, nobody) in zip(axes, panels, tables, strict=True):
        image = axis.imshow(
            difference.to_numpy(dtype=float),
            aspect="auto",
            cmap=cmap,
            norm=norm,
            interpolation="nearest",
            extent=(0, 24, len(difference), 0),
        )
        rows, columns = np.nonzero(nobody.to_numpy())
        if len(rows):
            axis.scatter(
                columns * step + step / 2,
                rows + 0.5,
                marker="x",
                s=14,
                linewidths=0.9,
                color=BLACK,
                label="nobody online",
            )
            axis.legend(loc="upper right", bbox_to_anchor=(1.0, -0.06), frameon=False, fontsize=8)
        axis.set_yticks(np.arange(len(difference)) + 0.5)
        axis.set_yticklabels([f"{pd.Timestamp(day):%a %d %b}" for day in difference.index])
        axis.tick_params(axis="y", labelsize=7 if len(difference) > 14 else 8)
        axis.set_xticks(range(0, 25, 3))
        axis.set_xticklabels([f"{hour:02d}:00" for hour in range(0, 25, 3)])
        axis.set_xlim(0, 24)
        axis.set_xlabel(f"hour of day ({zone_label(scenario)})")
        axis.set_ylabel(f"local day ({zone_label(scenario)})")
        axis.set_title(" + ".join(chosen), loc="left", fontsize=10)
    short = coverage[coverage["queue"].isin(names)]
    demanded = short[short["required"] > 0]
    share = float((demanded["shortfall"] > 0).mean()) if len(demanded) else 0.0
    figure.colorbar(
        image, ax=axes, label="agents on shift minus required (agents)", shrink=0.6, pad=0.02
    )
    figure.suptitle(
        f"Short (red) in {share:.0%} of the intervals with contacts, "
        f"{scenario.horizon.days} days, {zone_label(scenario)}"
    )
    return figure
