"""The analysis notebook runs top to bottom against the public API."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "scenario_analysis.ipynb"


def test_notebook_code_cells_run(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    source = "\n\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    monkeypatch.chdir(NOTEBOOK.parent)
    monkeypatch.setenv("SHIFTPLAN_NOTEBOOK_TIME_LIMIT", "10")
    namespace: dict[str, object] = {}
    exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    result = namespace["result"]
    assert getattr(result, "has_roster", False)
    ranking = namespace["ranking"]
    assert list(ranking.frame["rank"]) == [1, 2, 3]  # type: ignore[attr-defined]
    assert os.environ["SHIFTPLAN_NOTEBOOK_TIME_LIMIT"] == "10"
