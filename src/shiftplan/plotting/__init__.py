"""Plots for people: one function per file, each returning a matplotlib Figure."""

from shiftplan.plotting.coverage import plot_coverage
from shiftplan.plotting.ranking import plot_ranking
from shiftplan.plotting.sweep import plot_sweep

__all__ = ["plot_coverage", "plot_ranking", "plot_sweep"]
