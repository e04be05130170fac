"""The plots show the data they claim to: each is checked on its arrays, not only that it ran."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from shiftplan.plotting import plot_coverage, plot_coverage_heatmap

Solved = tuple[Any, Any, Path]


def test_heatmap_cells_are_coverage_csv_pivoted_by_local_day_and_hour(
    solved_tiny: Solved,
) -> None:
    scenario, _, out = solved_tiny
    coverage = pd.read_csv(out / "coverage.csv")
    figure = plot_coverage_heatmap(scenario, coverage)
    try:
        axes = [ax for ax in figure.axes if ax.images]
        assert len(axes) == len(scenario.queues)
        for ax, queue in zip(axes, scenario.queues, strict=True):
            rows = coverage[coverage["queue"] == queue.name]
            local = pd.to_datetime(rows["interval_start_utc"], utc=True).dt.tz_convert(
                scenario.file.report_timezone
            )
            expected = (
                pd.DataFrame(
                    {
                        "day": local.dt.date,
                        "hour": local.dt.hour,
                        "value": rows["scheduled"] - rows["required"],
                    }
                )
                .pivot_table(index="day", columns="hour", values="value", aggfunc="mean")
                .reindex(columns=range(24))
            )
            shown = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
            np.testing.assert_array_equal(shown, expected.to_numpy())
            marked = sum(len(c.get_offsets()) for c in ax.collections)
            assert marked == int(rows["nobody_on"].sum())
            assert ax.images[0].norm(0.0) == pytest.approx(0.5)  # zero sits on white
        assert "Europe/Berlin" in axes[0].get_xlabel()
        assert figure.texts or figure._suptitle is not None
    finally:
        plt.close(figure)


def test_week_plot_draws_the_weeks_requirement_and_staff(solved_tiny: Solved) -> None:
    scenario, _, out = solved_tiny
    coverage = pd.read_csv(out / "coverage.csv")
    figure = plot_coverage(scenario, coverage, week=1)
    try:
        for ax, queue in zip(figure.axes, scenario.queues, strict=True):
            rows = coverage[coverage["queue"] == queue.name]
            lines = {line.get_label(): line.get_ydata() for line in ax.get_lines()}
            np.testing.assert_array_equal(lines["required"][:-1], rows["required"].to_numpy())
            np.testing.assert_array_equal(lines["scheduled"][:-1], rows["scheduled"].to_numpy())
            labels = [tick.get_text() for tick in ax.get_xticklabels()]
            assert labels[0] == "Mon 22 Mar" or labels[0] == "Tue 23 Mar"
            assert any(tick.get_text() == "12" for tick in ax.get_xticklabels(minor=True))
            assert "Europe/Berlin" in ax.get_xlabel()
        with pytest.raises(ValueError, match="week 2 is outside the cycle"):
            plot_coverage(scenario, coverage, week=2)
    finally:
        plt.close("all")


def test_plots_draw_into_a_given_axes(solved_tiny: Solved) -> None:
    scenario, _, out = solved_tiny
    coverage = pd.read_csv(out / "coverage.csv")
    figure, ax = plt.subplots()
    try:
        assert plot_coverage(scenario, coverage, ax=ax, queues=["chat"]) is figure
        assert plot_coverage_heatmap(scenario, coverage, ax=ax, queues=["chat"]) is figure
    finally:
        plt.close(figure)


def test_plotting_is_reachable_after_import_and_leaves_the_backend_alone(
    solved_tiny: Solved,
) -> None:
    _, _, out = solved_tiny
    code = (
        "import shiftplan, pandas as pd, matplotlib\n"
        f"scenario = shiftplan.load_scenario({str(out.parent / 'scenario' / 'scenario.yaml')!r})\n"
        f"coverage = pd.read_csv({str(out / 'coverage.csv')!r})\n"
        "figure = shiftplan.plotting.plot_coverage(scenario, coverage)\n"
        "print(matplotlib.get_backend(), type(figure).__name__)\n"
    )
    env = {**os.environ, "MPLBACKEND": "svg"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["svg", "Figure"]
