"""Synthetic data: seeded follow-the-sun scenarios for examples, tests and benchmarks.

``python -m shiftplan.generate --example`` regenerates the bundled example
byte for byte; see :mod:`shiftplan.generate.synthetic`.
"""

from shiftplan.generate.synthetic import (
    GeneratedScenario,
    build_scenario,
    describe,
    generate_scenario,
    main,
    write_scenario,
)

__all__ = [
    "GeneratedScenario",
    "build_scenario",
    "describe",
    "generate_scenario",
    "main",
    "write_scenario",
]
