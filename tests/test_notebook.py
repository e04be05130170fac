"""Every notebook runs top to bottom in a real Jupyter kernel, on the tiny team.

The notebooks are executed with nbclient exactly as Jupyter would; their
charts must come out as inline images (the plotting package never forces a
backend). In git they carry no outputs and keep their cell ids.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scenario_factory import write_tiny_scenario

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ("quickstart", "volume_scenarios", "scenario_analysis")
# Cells whose chart must show inline: (notebook, text in the cell's source).
CHARTS = {
    "quickstart": ("plot_coverage_heatmap(scenario", "plot_coverage(scenario", "plot_roster"),
    "volume_scenarios": ("plt.subplots",),
    "scenario_analysis": ("plot_coverage(scenario",),
}
# Checked after the last cell, in the kernel, on the notebook's own variables.
CHECKS = {
    "quickstart": """
from shiftplan.validate import assert_valid
assert result.status.found_roster and result.roster is not None
assert_valid(scenario, result.roster.to_csv_frame())
assert written["report.html"].is_file() and len(gaps) > 0
""",
    "volume_scenarios": """
assert list(volumes["chat volume"]) == ["+0%", "+10%", "+20%", "+30%"]
assert volumes["required agent-hours"].is_monotonic_increasing
""",
    "scenario_analysis": """
from matplotlib.figure import Figure
from shiftplan.validate import assert_valid
assert result.status.found_roster and result.roster is not None
assert_valid(scenario, result.roster.to_csv_frame())
assert set(roster["agent_id"]) <= {agent.id for agent in scenario.agents}
assert abs(roster["paid_hours"].sum() - result.kpis["paid_hours"]) < 1e-6
assert isinstance(figure, Figure) and figure.get_suptitle().startswith("Week 1")
assert list(ranking.frame["rank"]) == [1, 2, 3]
assert set(ranking.frame["timezone"]) == {"Asia/Manila", "Europe/Berlin", "America/Chicago"}
""",
}


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs_and_with_cell_ids(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    ids = [cell.get("id") for cell in notebook.cells]
    assert all(ids) and len(set(ids)) == len(ids)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom_in_a_kernel(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_tiny_scenario(tmp_path / "tiny")
    monkeypatch.setenv("SHIFTPLAN_NOTEBOOK_SCENARIO", str(scenario))
    monkeypatch.setenv("SHIFTPLAN_NOTEBOOK_TIME_LIMIT", "2")
    # The kernel must import these sources, not an installed copy elsewhere.
    source = str(Path(__file__).resolve().parent.parent / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(CHECKS[name]))
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert not [out for out in cell.outputs if out.output_type == "error"]
        if any(marker in cell.source for marker in CHARTS[name]):
            images = [out for out in cell.outputs if "image/png" in out.get("data", {})]
            assert len(images) == 1, (name, cell.source[:60])
