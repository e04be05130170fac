"""The CP-SAT backend: the only package that imports OR-Tools."""

from shiftplan.solver.cpmodel import ModelOutcome, Progress, SolveParams, solve_model
from shiftplan.solver.data import ModelData
from shiftplan.solver.explain import explain_infeasible
from shiftplan.solver.interrupt import StopRequest

__all__ = [
    "ModelData",
    "ModelOutcome",
    "Progress",
    "SolveParams",
    "StopRequest",
    "explain_infeasible",
    "solve_model",
]
