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
    ax: Any, panels: int = 1, width: float = 11.0, height: float = 3.2
) -> tuple[Any, list[Any]]:
    """The figure and axes to draw on: ``ax``'s own, or a new figure of ``panels`` rows."""
    if ax is not None:
        return ax.figure, [ax]
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(
        panels, 1, figsize=(width, height * panels), squeeze=False, layout="constrained"
    )
    return figure, list(axes[:, 0])


def zone_label(scenario: Any) -> str:
    """The report zone's name for axis labels."""
    return str(scenario.file.report_timezone)


def local_times(scenario: Any, stamps: Any) -> pd.DatetimeIndex:
    """UTC instants as the report zone's local times."""
    return pd.DatetimeIndex(pd.to_datetime(stamps, utc=True)).tz_convert(scenario.report_zone)
