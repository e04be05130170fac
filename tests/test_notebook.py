"""The analysis notebook runs top to bottom against the public API."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from shiftplan import Result, Scenario
from shiftplan.validate import assert_valid
from shiftplan.whatif import HireRanking

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "scenario_analysis.ipynb"


def test_notebook_code_cells_run(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    source = "\n\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    monkeypatch.chdir(NOTEBOOK.parent)
    monkeypatch.setenv("SHIFTPLAN_NOTEBOOK_TIME_LIMIT", "10")
    namespace: dict[str, object] = {}
    exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    # What the notebook computed, checked from its own variables.
    scenario = namespace["scenario"]
    result = namespace["result"]
    assert isinstance(scenario, Scenario) and isinstance(result, Result)
    assert result.status.found_roster and result.roster is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    roster = namespace["roster"]
    assert isinstance(roster, pd.DataFrame)
    assert set(roster["agent_id"]) <= {agent.id for agent in scenario.agents}
    assert roster["paid_hours"].sum() == pytest.approx(result.kpis["paid_hours"])
    figure = namespace["figure"]
    assert isinstance(figure, Figure) and "scheduled vs required" in figure.get_suptitle()
    ranking = namespace["ranking"]
    assert isinstance(ranking, HireRanking)
    assert list(ranking.frame["rank"]) == [1, 2, 3]
    assert set(ranking.frame["timezone"]) == {"Asia/Manila", "Europe/Berlin", "America/Chicago"}
