"""Synthetic data: seeded follow-the-sun scenarios for examples, tests and benchmarks.

``python -m shiftplan.generate --example`` regenerates the bundled example
byte for byte. In pipeline order: ``team`` (sites, names, contracts, leave),
``forecast`` (contacts on the UTC grid), ``calibration`` (volume against what
the team can work, with :mod:`shiftplan.staffing`'s Erlang C), ``synthetic``
(:func:`build_scenario`, all decided in memory), ``files`` (written
atomically), ``command`` (the command line).
"""

from shiftplan.generate.command import main
from shiftplan.generate.files import describe, generate_scenario, write_scenario
from shiftplan.generate.synthetic import GeneratedScenario, build_scenario

__all__ = [
    "GeneratedScenario",
    "build_scenario",
    "describe",
    "generate_scenario",
    "main",
    "write_scenario",
]
