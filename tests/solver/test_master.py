"""The restricted master (solver/master.py): HiGHS runs that end with a verdict, branching rows."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from relaxation import master_after
from shiftplan.bench.curtois import read_instance, to_scenario
from shiftplan.solver import ModelData
from shiftplan.solver.master import run_to_verdict

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"


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


def test_a_branching_row_counts_its_shift_and_prices_it() -> None:
    """Curtois Instance1: a type kept off one of its shifts by a row, and what pricing sees.

    The row holds a 1 for every schedule of the type with the shift, those
    priced before it was made and after; bounded at 0 it takes the type
    off the shift, and its dual enters that shift's value alone.
    """
    if not DATA.is_dir():
        pytest.skip("the Curtois data lives in ../shared")
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance1.txt")))
    master = master_after(data, {}, None)
    solved = master.solve(30.0)
    assert solved is not None
    first = len(master.cost)
    weights = np.asarray(master.highs.getSolution().col_value)[first:]
    column = int(np.argmax(weights))
    group, shift = master.owner[column], master.columns[column][0]
    row = master.branch_row(group, shift)
    assert master.branch_row(group, shift) == row and master.branch_rows() == [row]
    master.add_column(group, list(master.columns[column]))

    def holders() -> list[int]:
        lp = master.highs.getLp()
        start, index = np.asarray(lp.a_matrix_.start_), np.asarray(lp.a_matrix_.index_)
        return [
            j
            for j in range(len(master.owner))
            if row in index[start[first + j] : start[first + j + 1]].tolist()
        ]

    expected = [
        j
        for j, (owner, shifts) in enumerate(zip(master.owner, master.columns, strict=True))
        if owner == group and shift in shifts
    ]
    assert holders() == expected and len(master.owner) - 1 in expected
    master.highs.changeRowBounds(row, -highspy.kHighsInf, 0.0)
    master.highs.setOptionValue("solver", "simplex")
    assert run_to_verdict(master.highs) == highspy.HighsModelStatus.kOptimal
    solution = master.highs.getSolution()
    weights = np.asarray(solution.col_value)[first:]
    assert all(weights[j] <= 1e-9 for j in expected)
    duals = np.asarray(solution.row_dual)
    agent = master.groups[group][0]
    indices = data.candidates.of_agent(agent)
    without = duals.copy()
    without[row] = 0.0
    change = master.shift_values(indices, agent, duals) - master.shift_values(
        indices, agent, without
    )
    place = int(np.flatnonzero(indices == shift)[0])
    assert change[place] == pytest.approx(duals[row])
    assert np.count_nonzero(np.delete(change, place)) == 0
