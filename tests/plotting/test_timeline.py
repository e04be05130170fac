"""The roster timeline: one bar per shift at its UTC start, local start times as labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from shiftplan.plotting import plot_roster_timeline

Solved = tuple[Any, Any, Path]


def test_timeline_has_one_bar_per_shift_at_its_utc_start(solved_tiny: Solved) -> None:
    import matplotlib.dates as mdates

    scenario, _, out = solved_tiny
    roster = pd.read_csv(out / "roster.csv")
    figure = plot_roster_timeline(scenario, roster)
    try:
        ax = figure.axes[0]
        # Shift bars are 0.7 high; leave and holiday shading is 0.9 high.
        bars = [
            path.vertices
            for collection in ax.collections
            for path in collection.get_paths()
            if np.isclose(np.ptp(path.vertices[:, 1]), 0.7)
        ]
        starts = sorted(round(float(v[:, 0].min()), 6) for v in bars)
        expected = sorted(
            round(float(mdates.date2num(stamp)), 6)
            for stamp in pd.to_datetime(roster["start_utc"], utc=True)
        )
        assert starts == expected
        labels = [text.get_text() for text in ax.texts]
        assert len(labels) == len(roster)  # local start times on a small roster
        assert "time (UTC)" in ax.get_xlabel()
    finally:
        plt.close(figure)
