"""Plots for people: one function per file, each returning a matplotlib Figure."""

from shiftplan.plotting.coverage import plot_coverage

__all__ = ["plot_coverage"]
