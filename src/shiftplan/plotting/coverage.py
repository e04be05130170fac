"""Scheduled against required agents per queue, in the manager's time zone."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from shiftplan.scenario.models import Scenario


def plot_coverage(scenario: Scenario, coverage: pd.DataFrame, days: int | None = 7) -> Any:
    """One panel per queue: required and scheduled agents, gaps shaded red.

    Parameters
    ----------
    scenario
        The scenario (for the report time zone).
    coverage
        ``Result.coverage``.
    days
        Show the first ``days`` days (None: the whole horizon).

    Returns
    -------
    matplotlib.figure.Figure
    """
    queues = list(dict.fromkeys(coverage["queue"]))
    figure, axes = plt.subplots(
        len(queues), 1, figsize=(12, 3 * len(queues)), sharex=True, squeeze=False
    )
    zone = scenario.report_zone
    for ax, queue in zip(axes[:, 0], queues, strict=True):
        rows = coverage[coverage["queue"] == queue]
        if days is not None:
            rows = rows.head(days * 24 * 60 // scenario.horizon.interval_minutes)
        times = pd.DatetimeIndex(rows["interval_start_utc"]).tz_convert(zone)
        ax.step(times, rows["required"], where="post", label="required", color="black")
        ax.step(times, rows["scheduled"], where="post", label="scheduled", color="tab:blue")
        ax.fill_between(
            times,
            rows["scheduled"],
            rows["required"],
            where=rows["required"] > rows["scheduled"],
            step="post",
            color="tab:red",
            alpha=0.3,
            label="short",
        )
        ax.set_ylabel(f"{queue}\nagents")
        ax.legend(loc="upper right")
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel(f"time ({scenario.file.report_timezone})")
    figure.suptitle(f"{scenario.name}: scheduled vs required")
    figure.tight_layout()
    return figure
