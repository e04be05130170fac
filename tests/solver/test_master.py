"""The restricted master (solver/master.py): HiGHS runs that end with a verdict."""

from __future__ import annotations

import highspy
import numpy as np

from shiftplan.solver.master import run_to_verdict


def _covering_lp(iteration_limit: int | None = None) -> highspy.Highs:
    """A covering LP that the simplex needs a few dozen iterations for."""
    rng = np.random.default_rng(3)
    rows, cols = 40, 80
    matrix = (rng.random((rows, cols)) < 0.2) * rng.integers(1, 5, (rows, cols))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("solver", "simplex")
    if iteration_limit is not None:
        highs.setOptionValue("simplex_iteration_limit", iteration_limit)
    highs.addVars(cols, np.zeros(cols), np.full(cols, highspy.kHighsInf))
    highs.changeColsCost(cols, np.arange(cols, dtype=np.int32), rng.integers(1, 20, cols) * 1.0)
    for r in range(rows):
        (nonzero,) = np.nonzero(matrix[r])
        highs.addRow(
            float(rng.integers(5, 15)), highspy.kHighsInf, len(nonzero),
            nonzero.astype(np.int32), matrix[r, nonzero].astype(float),
        )  # fmt: skip
    return highs


def test_a_solve_stopped_without_a_verdict_resumes_from_its_basis() -> None:
    """Stopped short of optimal, HiGHS resumes where it stopped (from scratch: stops again)."""
    whole = _covering_lp()
    whole.run()
    needed = whole.getInfo().simplex_iteration_count
    assert whole.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert needed >= 10
    limit = needed * 2 // 3
    # The limit alone stops the solve short of a verdict ...
    plain = _covering_lp(limit)
    plain.run()
    assert plain.getModelStatus() == highspy.HighsModelStatus.kIterationLimit
    # ... and the resumed run ends optimal, at the same value, on the same limit.
    resumed = _covering_lp(limit)
    assert run_to_verdict(resumed) == highspy.HighsModelStatus.kOptimal
    value = resumed.getInfo().objective_function_value
    assert abs(value - whole.getInfo().objective_function_value) < 1e-6 * max(1.0, abs(value))
