"""Shared fixtures of the test suite."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def solved_tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    """The tiny scenario with three requests, solved once and written to a folder.

    It exists so that the report, plot, gap and browser tests share one short
    solve (a few seconds) instead of each solving again. Over Easter 2027 the
    Manila and Sydney agents have public holidays and New York has leave, so
    gaps have causes to name; two requests fall on days off and cannot be met.
    Returns (scenario, result, output folder).
    """
    import shiftplan
    from shiftplan.reports.files import write_result

    folder = tmp_path_factory.mktemp("solved_tiny")
    path = write_tiny_scenario(folder / "scenario", settings={"requests": "requests.csv"})
    (path.parent / "requests.csv").write_text(
        "agent_id,date,kind,weight\n"
        "US1,2027-03-24,on,1\n"
        "PH1,2027-03-26,on,2\n"
        "DE1,2027-03-23,off,0.5\n",
        encoding="utf-8",
    )
    scenario = shiftplan.load_scenario(path)
    params = shiftplan.SolveParams(time_limit=3, workers=2, seed=1)
    result = shiftplan.solve(scenario, params=params)
    out = folder / "out"
    write_result(scenario, result, out)
    return scenario, result, out
