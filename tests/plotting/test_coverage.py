"""The coverage plot: one panel per queue, a title, the zone on the time axis."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.plotting import plot_coverage


def test_one_panel_per_queue_with_units_and_zone(tmp_path: Path) -> None:
    """Two queues give two panels; the time axis names the report zone."""
    scenario = load_scenario(write_tiny_scenario(tmp_path))
    starts = pd.date_range("2027-03-22", periods=48, freq="h", tz="UTC")
    coverage = pd.concat(
        pd.DataFrame(
            {
                "interval_start_utc": starts,
                "queue": queue,
                "required": np.tile([1, 2, 3, 2], 12),
                "scheduled": np.tile([1, 1, 3, 3], 12),
            }
        )
        for queue in ("chat", "email")
    )
    figure = plot_coverage(scenario, coverage, days=1)
    try:
        axes = figure.axes
        assert [ax.get_ylabel() for ax in axes] == ["chat\nagents", "email\nagents"]
        assert axes[-1].get_xlabel() == "time (Europe/Berlin)"
        assert "scheduled vs required" in figure.get_suptitle()
        # The first day only: 24 hourly steps per queue.
        assert len(axes[0].lines[0].get_xdata()) == 24
    finally:
        plt.close(figure)
