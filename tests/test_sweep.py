"""Sweeps: the same rows on one process, two processes and a real Dask LocalCluster.

The cluster here is real (``distributed.LocalCluster`` with two worker
processes of one thread each), not a mock: it is what the CLI starts by
default, and what a remote ``dask scheduler`` looks like to the client.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from scenario_factory import default_settings, write_tiny_scenario
from shiftplan import load_scenario, sweep
from shiftplan.cli import app
from shiftplan.errors import ShiftplanError
from shiftplan.executor import map_tasks
from shiftplan.result import Roster
from shiftplan.sweep import iter_sweep, make_grid, roster_variant, with_hire_zones
from shiftplan.sweep.run import SweepContext
from shiftplan.validate import assert_valid

distributed = pytest.importorskip("distributed")

GRID: dict[str, Any] = {"volume": ["-10%", "+20%"], "shrinkage": [0.2, 0.3]}


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny four-agent week, plus a contract no agent can keep.

    The 'impossible' contract wants five 8-hour days a week with 20 hours of
    rest between shifts, which one week cannot hold: moving an agent onto it
    is a variant that fails while the others finish.
    """
    settings = default_settings()
    settings["contracts"]["impossible"] = {
        **settings["contracts"]["day"],
        "days_per_week": {"min": 5, "max": 5},
        "hours_per_week": {"min": 40, "max": 40},
        "min_rest_hours": 20,
    }
    return write_tiny_scenario(tmp_path_factory.mktemp("sweep"), settings=settings)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A real two-process LocalCluster, one thread per worker, shared by this module."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def test_same_rows_with_one_worker_two_workers_and_a_local_cluster(team: Path, client: Any) -> None:
    scenario = load_scenario(team)
    one = sweep(scenario, GRID, backend="processes", workers=1)
    two = sweep(scenario, GRID, backend="processes", workers=2)
    cluster = sweep(scenario, GRID, client=client)
    assert len(one) == 4
    assert (one["status"] == "done").all()
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, cluster)
    # More contacts never raise the service level of the same team.
    by_volume = one.groupby("volume_change_pct")["service_level_pct"].mean()
    assert by_volume[-10.0] > by_volume[20.0]


def test_failed_variant_is_reported_in_its_row_and_the_rest_finish(team: Path, client: Any) -> None:
    grid = {
        "contracts": [{}, {"DE1": "impossible"}],
        "hires": [0, 1],
        "hire_zones": ["Asia/Kolkata"],
    }
    frame = sweep(load_scenario(team), grid, client=client)
    failed = frame[frame["contract_moves"] == "DE1 to impossible"]
    assert (failed["status"] == "failed").all()
    assert failed["error"].str.contains("hard rules cannot all hold for DE1").all()
    assert failed["service_level_pct"].isna().all()
    finished = frame[frame["contract_moves"] == ""]
    assert (finished["status"] == "done").all()
    # The hire is paid on top of the team, and the row says where they live.
    assert finished["paid_hours"].iloc[1] > finished["paid_hours"].iloc[0]
    assert list(finished["hire_zones"]) == ["", "Asia/Kolkata"]


def test_hires_without_zones_go_where_the_hiring_whatif_ranks_best(team: Path) -> None:
    scenario = load_scenario(team)
    grid = with_hire_zones(scenario, make_grid(hires=[0, 2]), workers=1)
    team_zones = {agent.timezone for agent in scenario.agents}
    assert len(grid.hire_zones) == 2
    # A place is 'zone' or 'zone:country'.
    assert {place.partition(":")[0] for place in grid.hire_zones} <= team_zones


def test_every_variant_roster_keeps_every_hard_rule(team: Path) -> None:
    scenario = load_scenario(team)
    grid = make_grid(
        volume=["+20%"],
        shrinkage=[0.3],
        hires=[0, 2],
        queue_volume=[{"email": "+50%"}],
        hire_zones=["Asia/Kolkata", "Europe/London:IE"],
    )
    context = SweepContext(scenario, grid.hire_zones, None, seed=0, passes=2)
    for variant in grid.variants():
        changed, shifts, kpis = roster_variant(variant, context)
        assert len(changed.agents) == len(scenario.agents) + variant.hires
        if variant.hires:
            # The second hire keeps Ireland's holidays, as 'Europe/London:IE' says.
            assert [a.country for a in changed.agents[-2:]] == ["IN", "IE"]
        assert_valid(changed, Roster(shifts, {}).to_csv_frame())
        assert kpis["paid_hours"] == pytest.approx(shifts["paid_hours"].sum())


def test_rerun_skips_finished_variants_and_gives_the_same_rows(team: Path, tmp_path: Path) -> None:
    scenario = load_scenario(team)
    first = list(iter_sweep(scenario, GRID, backend="processes", workers=1, cache=tmp_path))
    again = list(iter_sweep(scenario, GRID, backend="processes", workers=1, cache=tmp_path))
    assert not any(item.cached for item in first)
    assert all(item.cached for item in again)
    rows = sorted((item.row for item in first), key=lambda row: row["variant"])
    assert rows == sorted((item.row for item in again), key=lambda row: row["variant"])
    # A new axis value runs only the new variants.
    wider = {**GRID, "volume": ["-10%", "+20%", "+40%"]}
    third = list(iter_sweep(scenario, wider, backend="processes", workers=1, cache=tmp_path))
    assert sum(not item.cached for item in third) == 2


def test_grid_errors_name_the_field_and_value(team: Path, tmp_path: Path) -> None:
    scenario = load_scenario(team)
    with pytest.raises(ShiftplanError, match="field 'queue_volume': unknown queue 'voice'"):
        sweep(scenario, {"queue_volume": [{"voice": "+10%"}]}, backend="processes")
    with pytest.raises(ShiftplanError, match="field 'volume': '20' is not a percentage"):
        sweep(scenario, {"volume": ["20"]}, backend="processes")
    grid_file = tmp_path / "sweep.yaml"
    grid_file.write_text("contracts:\n  - {XX9: day}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["sweep", str(team), "--grid", str(grid_file)])
    assert result.exit_code == 2
    assert "sweep.yaml, field 'contracts': unknown agent 'XX9'" in result.output
    assert "Traceback" not in result.output


def test_cli_sweep_writes_one_row_per_variant_and_the_plot(
    team: Path, tmp_path: Path, client: Any
) -> None:
    """The command pointed at a running scheduler with --address, then again from the cache."""
    grid_file = tmp_path / "sweep.yaml"
    grid_file.write_text("queue_volume:\n  - {}\n  - {chat: +30%}\n", encoding="utf-8")
    out = tmp_path / "sweep.csv"
    args = ["sweep", str(team), "--volume=-10%,0%", "--grid", str(grid_file), "--out", str(out)]
    plot = tmp_path / "sweep.png"
    address = client.scheduler.address
    result = CliRunner().invoke(app, [*args, "--plot", str(plot), "--address", address])
    assert result.exit_code == 0, result.output
    assert f"on {address}" in result.output
    frame = pd.read_csv(out, keep_default_na=False)
    labels = ["volume -10%", "volume -10%, chat +30%", "as planned", "chat +30%"]
    assert list(frame["label"]) == labels
    assert {"chat_service_level_pct", "late_contacts", "agent_hours_short"} <= set(frame.columns)
    assert "nan" not in out.read_text(encoding="utf-8").lower()
    assert plot.read_bytes().startswith(b"\x89PNG")
    again = CliRunner().invoke(app, args)
    assert "4 of 4 variants were already finished" in again.output
    assert pd.read_csv(out, keep_default_na=False).equals(frame)
    # Without Dask, in this process and without the cache: the same file.
    local = tmp_path / "local.csv"
    plain = [*args[:-1], str(local), "--no-dask", "--workers", "1", "--no-cache"]
    assert CliRunner().invoke(app, plain).exit_code == 0
    assert local.read_bytes() == out.read_bytes()


def test_executor_yields_every_task_once_with_its_failure(client: Any) -> None:
    # math.log is importable on every worker, and fails on one task: log(0).
    outcomes = list(map_tasks(math.log, [1, 2, 0, 8], 2, client=client))
    assert sorted(outcome.index for outcome in outcomes) == [0, 1, 2, 3]
    by_index = {outcome.index: outcome for outcome in outcomes}
    assert by_index[2].error == "ValueError: math domain error"
    assert [by_index[i].value for i in (0, 1, 3)] == [0.0, 1.0, 3.0]


def test_without_dask_the_sweep_falls_back_to_processes(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if installed without the [distributed] extra: ``import distributed`` fails."""
    scenario = load_scenario(team)
    grid = {"volume": ["-10%"]}
    with_dask = sweep(scenario, grid, backend="processes", workers=1)
    monkeypatch.setitem(sys.modules, "distributed", None)
    pd.testing.assert_frame_equal(sweep(scenario, grid, workers=1), with_dask)
    with pytest.raises(ShiftplanError, match=r"pip install 'shiftplan\[distributed\]'"):
        sweep(scenario, grid, address="tcp://127.0.0.1:8786")
