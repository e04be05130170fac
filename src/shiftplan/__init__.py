"""shiftplan: follow-the-sun shift scheduling for customer-support teams.

The public API, in pipeline order::

    scenario = shiftplan.load_scenario("scenarios/example.yaml")
    requirements = shiftplan.compute_requirements(scenario)
    result = shiftplan.solve(scenario, params=shiftplan.SolveParams(time_limit=30))
    print(result.summary())
    result.to_frame()
    variants = shiftplan.sweep(scenario, {"volume": ["-10%", "+20%"], "shrinkage": [0.2, 0.3]})
"""

# The command's clock starts before everything else is imported.
import shiftplan.clock  # noqa: F401  # isort: skip

# isort: split
from importlib.metadata import PackageNotFoundError, version

from shiftplan.api import solve
from shiftplan.errors import Problem, ScenarioError, ShiftplanError
from shiftplan.result import Result, Roster
from shiftplan.roster_io import read_roster
from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario, Weights
from shiftplan.solver import SolveParams
from shiftplan.staffing.requirements import (
    Requirements,
    compute_requirements,
    queue_requirements,
    requirements_frame,
)
from shiftplan.status import Progress, SolveStatus
from shiftplan.sweep import sweep


def __getattr__(name: str) -> object:
    """``shiftplan.plotting`` and ``shiftplan.whatif`` on first use.

    They import matplotlib and the what-if machinery, which the command line
    does not need for most commands; loading them lazily keeps start-up fast.
    """
    if name in ("plotting", "whatif", "reports", "validate"):
        import importlib

        return importlib.import_module(f"shiftplan.{name}")
    msg = f"module 'shiftplan' has no attribute '{name}'"
    raise AttributeError(msg)


try:
    __version__ = version("shiftplan")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Problem",
    "Progress",
    "Requirements",
    "Result",
    "Roster",
    "Scenario",
    "ScenarioError",
    "ShiftplanError",
    "SolveParams",
    "SolveStatus",
    "Weights",
    "__version__",
    "compute_requirements",
    "load_scenario",
    "queue_requirements",
    "read_roster",
    "requirements_frame",
    "solve",
    "sweep",
]
