"""The week plot: one panel per queue, a title with the week, hours and weekdays on the axis."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.plotting import plot_coverage


def test_one_panel_per_queue_with_units_and_zone(tmp_path: Path) -> None:
    """Two queues give two panels; the time axis names the report zone and the hours."""
    scenario = load_scenario(write_tiny_scenario(tmp_path))
    starts = pd.date_range("2027-03-22", periods=7 * 24, freq="h", tz="UTC")
    coverage = pd.concat(
        pd.DataFrame(
            {
                "interval_start_utc": starts,
                "queue": queue,
                "required": np.tile([1, 2, 3, 2], 42),
                "scheduled": np.tile([1, 1, 3, 3], 42),
            }
        )
        for queue in ("chat", "email")
    )
    figure = plot_coverage(scenario, coverage, week=1)
    try:
        axes = figure.axes
        assert [ax.get_title(loc="left") for ax in axes] == ["chat", "email"]
        assert all(ax.get_ylabel() == "agents on shift" for ax in axes)
        assert "Europe/Berlin" in axes[-1].get_xlabel()
        # Short by one agent in one hour of four: 42 agent-hours per queue.
        assert figure.get_suptitle().startswith("Week 1, from Mon 22 Mar 01:00 CET")
        assert "short by 84 agent-hours" in figure.get_suptitle()
        # The whole week: 168 hourly steps and the end of the last one.
        assert len(axes[0].lines[0].get_xdata()) == 169
        days = [tick.get_text() for tick in axes[0].get_xticklabels()]
        assert days[:2] == ["Tue 23 Mar", "Wed 24 Mar"]  # local midnights after 01:00 Monday
        # The legend sits outside the panel, never over the data.
        assert axes[0].get_legend().get_bbox_to_anchor().x0 >= axes[0].bbox.x1 - 1
        with pytest.raises(ValueError, match="choose 1 to 1"):
            plot_coverage(scenario, coverage, week=2)
    finally:
        plt.close("all")
