"""The Curtois & Qu employee shift scheduling benchmark (Instance1..Instance24).

Read an instance (:func:`read_instance`), turn it into a shiftplan scenario
(:func:`to_scenario`), solve it with the engine, score a solution by the
benchmark's own definition (:func:`penalty`) and check it against the
instance's hard rules (:func:`check_solution`), both from the instance data
alone. :func:`run_benchmark` does all of it for a set of instances.

The instances are published at https://www.schedulingbenchmarks.org/nrp/
(download ``instances1_24.zip`` there).
"""

from shiftplan.bench.curtois.check import check_solution
from shiftplan.bench.curtois.evaluate import penalty
from shiftplan.bench.curtois.reader import (
    CurtoisInstance,
    InstanceError,
    read_best_known,
    read_instance,
)
from shiftplan.bench.curtois.run import BenchRow, run_benchmark, solve_instance
from shiftplan.bench.curtois.translate import to_scenario

__all__ = [
    "BenchRow",
    "CurtoisInstance",
    "InstanceError",
    "check_solution",
    "penalty",
    "read_best_known",
    "read_instance",
    "run_benchmark",
    "solve_instance",
    "to_scenario",
]
