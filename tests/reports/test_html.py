"""The HTML report: built by `shiftplan report`, opened offline in real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import matplotlib.image
import numpy as np
import pytest
from typer.testing import CliRunner

from shiftplan.cli import app
from shiftplan.reports.words import percent

Solved = tuple[Any, Any, Path]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_command_writes_one_self_contained_page(solved_tiny: Solved, tmp_path: Path) -> None:
    _, _, out = solved_tiny
    target = tmp_path / "page.html"
    done = CliRunner().invoke(app, ["report", str(out), "--out", str(target)])
    assert done.exit_code == 0, done.output
    page = target.read_text(encoding="utf-8")
    # No network resource of any kind: every src is a data URI, no stylesheet link.
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(source.startswith("data:image/png;base64,") for source in sources)
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert "<link" not in page


def test_report_command_explains_a_folder_without_a_solve(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert done.exit_code == 2
    assert "summary.json: file not found" in done.output
    assert "Traceback" not in done.output


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_report_opens_offline_in_headless_chromium(solved_tiny: Solved, tmp_path: Path) -> None:
    scenario, result, out = solved_tiny
    page = out / "report.html"
    shot = tmp_path / "shot.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1600",
        "--virtual-time-budget=5000",
    ]
    # One browser run writes both the DOM (stdout) and the screenshot.
    done = subprocess.run(
        [CHROMIUM or "chromium", *flags, "--dump-dom", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = done.stdout
    assert "<h1>Roster report: Tiny team</h1>" in dom, done.stderr[-2000:]
    # The KPIs a manager reads first.
    for element in ("headline", "kpis", "queues", "nobody", "gaps", "agents", "requests", "solver"):
        assert f'id="{element}"' in dom
    assert "The forecast needs" in dom
    chat = result.kpis["queues"]["chat"]
    assert f"{percent(chat['service_level'])}</div>" in dom or percent(chat["service_level"]) in dom
    assert "Mike Johnson (US1)" in dom and "the day is time off" in dom
    assert "public holiday:" in dom
    # Every plot is there as an embedded image: heatmap, one per week, timeline.
    images = re.findall(r'<img[^>]+src="data:image/png;base64,', dom)
    assert len(images) == 2 + -(-scenario.horizon.days // 7)
    # Manager words: the optimizer's words only in the solver section.
    before_solver = dom.split('id="solver"')[0]
    for word in ("objective", "FEASIBLE", "OPTIMAL", "None", "nan"):
        assert word not in before_solver.split("<h2>Solver</h2>")[0], word
    # The screenshot is a real page: mostly white paper with ink and colour on it.
    pixels = matplotlib.image.imread(str(shot))[..., :3]
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000
    assert pixels.std() > 0.05
    ink = (pixels.mean(axis=2) < 0.5).mean()
    colour = (np.ptp(pixels, axis=2) > 0.2).mean()
    assert 0.005 < ink < 0.6
    assert colour > 0.001


def test_report_command_says_when_the_solve_found_no_roster(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text(
        '{"status": "INFEASIBLE", "explanation": ["agent DE1: weekly hours clash with leave"]}'
    )
    done = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert done.exit_code == 2
    assert "no roster (status INFEASIBLE): agent DE1: weekly hours clash" in done.output
