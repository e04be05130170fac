"""Scenario sweeps: every combination of volume, shrinkage, hires and contract moves.

    frame = shiftplan.sweep("scenarios/example.yaml", {"volume": ["-10%", "+20%"]})

Each variant is re-rostered on its own worker (a Dask cluster, a
``LocalCluster`` or local processes, see :mod:`shiftplan.executor`) and
becomes one row of KPIs.
"""

from shiftplan.sweep.grid import Grid, Variant, load_grid, make_grid
from shiftplan.sweep.run import iter_sweep, roster_variant, sweep, sweep_frame, with_hire_zones

__all__ = [
    "Grid",
    "Variant",
    "iter_sweep",
    "load_grid",
    "make_grid",
    "roster_variant",
    "sweep",
    "sweep_frame",
    "with_hire_zones",
]
