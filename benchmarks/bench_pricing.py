"""How fast is pricing? One employee's best schedule by day program and by CP-SAT.

For each Curtois instance given, prices every employee (or the first N) at the same
random prices twice: by the compiled day program (:mod:`shiftplan.solver.day_program`,
growing its tracked shift-type maxima as the walks need them) and by CP-SAT's own
model of the employee (:func:`shiftplan.solver.bound.price_schedule`, one worker, as
column generation runs it). Prints milliseconds per employee for each, their ratio,
how often the two found schedules of the same worth, and how often the program left
the employee to CP-SAT (maxima its arrays cannot hold). The program's first call per
process compiles it (or loads it from Numba's cache); that call is left out and its
time printed apart. Figures only; nothing is asserted.

    python benchmarks/bench_pricing.py ../shared/benchmarks/curtois --instances 4 8 13 20
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def main() -> None:
    """Parse the arguments and print one line per instance."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="Folder of the Curtois instances")
    parser.add_argument("--instances", type=int, nargs="+", default=[4, 8, 13, 20])
    parser.add_argument("--employees", type=int, default=20, help="Employees per instance")
    parser.add_argument("--draws", type=int, default=3, help="Random prices per employee")
    args = parser.parse_args()

    from shiftplan.bench.curtois import read_instance, to_scenario
    from shiftplan.solver import ModelData
    from shiftplan.solver.agent_model import build_agent_model
    from shiftplan.solver.bound import price_schedule, pricing_solver
    from shiftplan.solver.day_program import pricer

    started = time.perf_counter()
    warm = ModelData.from_scenario(to_scenario(read_instance(args.folder / "Instance1.txt")))
    first = pricer(warm, 0)
    assert first is not None
    first.best(np.zeros(len(warm.candidates.of_agent(0))))
    print(f"compile or load from cache: {time.perf_counter() - started:.2f} s")
    for number in args.instances:
        data = ModelData.from_scenario(
            to_scenario(read_instance(args.folder / f"Instance{number}.txt"))
        )
        rng = np.random.default_rng(number)
        program_s = cp_sat_s = 0.0
        prices = same = left = 0
        solver = pricing_solver()
        for agent in range(min(args.employees, len(data.agents))):
            program = pricer(data, agent)
            model = build_agent_model(data, agent)
            if program is None:
                continue
            for _ in range(args.draws):
                values = np.round(rng.normal(0.5, 5.0, len(model.indices)), 3)
                began = time.perf_counter()
                found = program.best(values)
                program_s += time.perf_counter() - began
                began = time.perf_counter()
                chosen, _, _ = price_schedule(data, model, values, solver, keep=0)
                cp_sat_s += time.perf_counter() - began
                prices += 1
                if found is None:
                    left += 1  # maxima the arrays cannot hold: CP-SAT prices it
                else:
                    worth = float(values[np.searchsorted(model.indices, chosen)].sum())
                    same += abs(found[1] - worth) < 1e-6
        if not prices:
            print(f"Instance{number}: no employee priced by a program")
            continue
        print(
            f"Instance{number} ({data.days} days): {prices} prices, program "
            f"{1000 * program_s / prices:.1f} ms, CP-SAT {1000 * cp_sat_s / prices:.1f} ms "
            f"an employee, ratio {cp_sat_s / program_s:.1f}; same worth {same}/{prices}, "
            f"left to CP-SAT {left}"
        )


if __name__ == "__main__":
    main()
