"""Shared look of every plot: the colour-blind-safe Okabe-Ito palette and time labels.

Other plots (e.g. a ranking chart) should take their colours from here, accept
an optional ``ax`` and return the Figure, and leave the backend alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#BBBBBB"

# Diverging map for staff minus requirement: red short, white zero, blue surplus.
DIVERGING = "RdBu"


def new_axes(
    ax: Any,
    panels: int = 1,
    width: float = 11.0,
    height: float = 3.2,
    *,
    side: bool = False,
    margins: tuple[float, float, float, float] | None = None,
) -> tuple[Any, list[Any]]:
    """The figure and axes to draw on: ``ax``'s own, or a new figure of ``panels``.

    Panels are stacked in rows of ``width`` by ``height`` inches, or with
    ``side`` placed side by side in one row of ``width`` by ``height``.
    ``margins`` (left, right, top, bottom, in inches) fixes the layout, which
    draws a large figure far faster than matplotlib's constrained layout.
    """
    if ax is not None:
        return ax.figure, [ax]
    import matplotlib.pyplot as plt

    rows, columns = (1, panels) if side else (panels, 1)
    size = (width, height) if side else (width, height * panels)
    layout = None if margins is not None else "constrained"
    figure, axes = plt.subplots(rows, columns, figsize=size, squeeze=False, layout=layout)
    if margins is not None:
        left, right, top, bottom = margins
        figure.subplots_adjust(
            left=left / size[0],
            right=1 - right / size[0],
            top=1 - top / size[1],
            bottom=bottom / size[1],
            hspace=1.1 / (size[1] / rows),
        )
    return figure, list(axes.ravel())


def zone_label(scenario: Any) -> str:
    """The report zone's name for axis labels."""
    return str(scenario.file.report_timezone)


def local_times(scenario: Any, stamps: Any) -> pd.DatetimeIndex:
    """UTC instants as the report zone's local times."""
    return pd.DatetimeIndex(pd.to_datetime(stamps, utc=True)).tz_convert(scenario.report_zone)
