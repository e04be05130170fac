"""Service level against paid hours, one point per variant of a sweep."""

from __future__ import annotations

from typing import Any

import pandas as pd

# Okabe-Ito: told apart by people with any common colour-vision deficiency.
POINT_COLOUR = "#0072B2"
TARGET_COLOUR = "#D55E00"


def plot_sweep(
    frame: pd.DataFrame,
    ax: Any = None,
    *,
    target: float | None = None,
    labels: bool | None = None,
) -> Any:
    """What each variant's paid hours buy in service level.

    Parameters
    ----------
    frame
        The frame :func:`shiftplan.sweep` returns (or its CSV read back).
    ax
        A matplotlib Axes to draw on; by default a new Figure (made without
        pyplot, so no backend is chosen or forced).
    target
        A service-level target in percent to draw as a line, e.g. 80.
    labels
        Name each point by its variant label (default: when there are at
        most 12 variants; otherwise by its number).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    if ax is None:
        figure = Figure(figsize=(8, 5.5), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    done = frame[frame["status"] == "done"].dropna(subset=["paid_hours", "service_level_pct"])
    hours = done["paid_hours"].astype(float)
    level = done["service_level_pct"].astype(float)
    ax.scatter(hours, level, s=40, color=POINT_COLOUR, zorder=3)
    named = len(done) <= 12 if labels is None else labels
    for variant, label, x, y in zip(done["variant"], done["label"], hours, level, strict=True):
        text = str(label) if named else str(variant)
        ax.annotate(text, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1, zorder=2)
        ax.annotate(
            f"target {target:g}%",
            (0, target),
            xycoords=("axes fraction", "data"),
            xytext=(4, 4),
            textcoords="offset points",
            color=TARGET_COLOUR,
            fontsize=8,
        )
    ax.set_xlabel("paid hours over the horizon (h)")
    ax.set_ylabel("service level, all queues (%)")
    ax.grid(alpha=0.3)
    failed = len(frame) - len(done)
    best = str(done["label"].iloc[int(level.to_numpy().argmax())]) if len(done) else None
    title = f"Service level against paid hours, {len(done)} variants"
    if best is not None:
        title += f": best '{best}' at {level.max():.1f}%"
    if failed:
        title += f"\n({failed} failed variant{'s' if failed != 1 else ''} not shown)"
    ax.set_title(title)
    # Room on the right for the last point's label, inside the axes.
    if len(done):
        span = max(float(hours.max() - hours.min()), 1.0)
        ax.set_xlim(float(hours.min()) - 0.05 * span, float(hours.max()) + 0.3 * span)
    return figure
