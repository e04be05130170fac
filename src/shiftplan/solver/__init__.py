"""The CP-SAT backend: the only package that imports OR-Tools."""

from shiftplan.solver.data import ModelData
from shiftplan.solver.explain import explain_infeasible
from shiftplan.solver.interrupt import StopRequest
from shiftplan.solver.phases import solve_model
from shiftplan.solver.runtime import cp_sat_parameters, worker_count
from shiftplan.solver.types import DETERMINISTIC_WORKERS, ModelOutcome, SolveParams, deterministic
from shiftplan.status import Progress

__all__ = [
    "DETERMINISTIC_WORKERS",
    "ModelData",
    "ModelOutcome",
    "Progress",
    "SolveParams",
    "StopRequest",
    "cp_sat_parameters",
    "deterministic",
    "explain_infeasible",
    "solve_model",
    "worker_count",
]
