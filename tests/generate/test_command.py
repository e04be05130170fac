"""The generator's command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from shiftplan.generate import main
from shiftplan.scenario.load import load_scenario


def test_command_line_writes_csvs_in_a_separate_folder(tmp_path: Path) -> None:
    out = tmp_path / "scenarios"
    data = tmp_path / "data" / "small"
    argv = ["--agents", "12", "--days", "7", "--start", "2027-06-07", "--out", str(out)]
    assert main([*argv, "--data-dir", str(data), "--slug", "small", "--timezones", "5"]) == 0
    scenario = load_scenario(out / "small.yaml")
    assert scenario.horizon.start == date(2027, 6, 7)
    assert len({agent.timezone for agent in scenario.agents}) == 5
    assert yaml.safe_load((out / "small.yaml").read_text())["agents"] == "../data/small/agents.csv"
