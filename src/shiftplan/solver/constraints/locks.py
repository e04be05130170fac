"""Locked shifts (``solve --lock``): a shift already published is worked as it is.

The locks themselves live in the candidates (see :mod:`shiftplan.locks`): on
a locked day the locked shift is the agent's only candidate, and a locked
day off has none. This family only forces each locked shift to be worked,
and because it is a hard family, every phase that builds an agent's rules
(first roster, descent, bound, CP-SAT) keeps the locks.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_locked_shifts(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Every locked candidate shift is worked."""
    for index in np.flatnonzero(data.candidates.locked).tolist():
        model.add(variables.x(int(index)) == 1)
    return []
