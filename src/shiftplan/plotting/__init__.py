"""Plots for people: one function per file, each returning a matplotlib Figure.

Every function takes an optional ``ax`` and never chooses a backend: Jupyter
shows the figures inline, and the command line picks Agg itself.
"""

from shiftplan.plotting.coverage import plot_coverage
from shiftplan.plotting.heatmap import plot_coverage_heatmap
from shiftplan.plotting.ranking import plot_ranking
from shiftplan.plotting.sweep import plot_sweep
from shiftplan.plotting.timeline import plot_roster_timeline

__all__ = [
    "plot_coverage",
    "plot_coverage_heatmap",
    "plot_ranking",
    "plot_roster_timeline",
    "plot_sweep",
]
