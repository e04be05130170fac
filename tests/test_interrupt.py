"""Ctrl-C during ``shiftplan solve``, delivered to CP-SAT's worker threads.

CP-SAT's own SIGINT handler is process-wide with a thread-local callback:
a signal on a worker thread used to abort the process with nothing written.
These runs send SIGINT to one non-main thread of a real solve and check the
output set; benchmarks/bench_interrupt.py runs the same check 100 times.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interrupting import can_signal_threads, interrupt_solve, output_set_problems
from shiftplan.cli import EXIT_INTERRUPTED
from shiftplan.generate import generate_scenario

pytestmark = pytest.mark.skipif(not can_signal_threads(), reason="needs Linux tgkill")


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight agents over a week: the search runs for seconds, so a signal finds its workers."""
    folder = tmp_path_factory.mktemp("team")
    return generate_scenario(folder, agents=8, days=7, interval_minutes=60)


@pytest.mark.parametrize("pick", [-1, 1, 0])
def test_sigint_on_a_worker_thread_keeps_the_roster(team: Path, tmp_path: Path, pick: int) -> None:
    out = tmp_path / "out"
    ended = interrupt_solve(
        ["solve", str(team), "--out", str(out), "--time-limit", "30", "--quiet"],
        min_threads=6,
        pick=pick,
    )
    assert ended.thread is not None, "the solve ended before a worker thread was signalled"
    assert "Traceback" not in ended.stderr
    assert "terminate called" not in ended.stderr
    assert ended.returncode == EXIT_INTERRUPTED, ended.stderr
    assert output_set_problems(out, team) == []
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    assert summary["status"] in ("FEASIBLE", "OPTIMAL")
    assert "interrupted by Ctrl-C" in ended.stdout
    assert "the files hold the best roster found until then" in ended.stdout
