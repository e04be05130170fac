"""`shiftplan init`: a team a manager recognises, staffed near its demand, every field explained."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

import shiftplan
from shiftplan.cli import app


def test_starter_is_commented_and_staffed_near_its_demand(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    done = CliRunner().invoke(app, ["init", str(folder)])
    assert done.exit_code == 0, done.output
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert "regenerat" not in text.lower() and "same bytes" not in text
    lines = text.splitlines()
    for number, line in enumerate(lines):
        # Top-level keys and a contract's fields (a queue's flow mapping is one item).
        key = re.match(r"^( {4})?([a-z_-]+):", line)
        if not key or line.lstrip().startswith("#"):
            continue
        explained = "#" in line or lines[number - 1].lstrip().startswith("#")
        # A contract's name opens its block; its fields carry the comments.
        opens_block = line.rstrip().endswith(":") and key.group(2) in ("contracts", "full-time")
        assert explained or opens_block or key.group(2) == "weights", line

    scenario = shiftplan.load_scenario(path)
    required = shiftplan.compute_requirements(scenario).frame["required"].sum()
    required_hours = required * scenario.horizon.interval_minutes / 60
    contracted = sum(
        scenario.contracts[agent.contract].hours_per_week.max * scenario.horizon.days / 7
        for agent in scenario.agents
    )
    assert 0.85 <= required_hours / contracted <= 1.0
    assert len({agent.timezone for agent in scenario.agents}) == 3
