"""Shared fixtures of the test suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The tests folder is not a package; put it on the path so that tests can
# `from scenario_factory import write_tiny_scenario` wherever pytest runs them.
sys.path.insert(0, str(Path(__file__).parent))

from scenario_factory import write_tiny_scenario


@pytest.fixture
def tiny_scenario_dir(tmp_path: Path) -> Path:
    """A small valid scenario in a fresh folder; returns the path of its YAML file.

    It exists so that CLI and loader tests start from a scenario that loads in a
    fraction of a second (4 agents, 7 days, 60-minute grid, the Berlin clock
    change inside) and that each test can change or break on its own copy.
    """
    return write_tiny_scenario(tmp_path)
