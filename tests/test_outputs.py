"""Output folders: refused before computing when unusable, never a mix of two runs.

Through the CLI (exit code, message) where a person meets the behaviour,
and through :func:`shiftplan.output_set.write_output_set` with a writer
that fails or kills its own process, the faults a solve cannot be timed to.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from interrupting import output_set_problems
from shiftplan.cli import EXIT_BAD_INPUT, EXIT_RULES_INFEASIBLE, app
from shiftplan.output_set import write_output_set


def run(*args: str) -> tuple[int, str]:
    """Run ``shiftplan ARGS``; return the exit code and the output."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def solve(scenario: Path, out: Path) -> tuple[int, str]:
    return run("solve", str(scenario), "--out", str(out), "--time-limit", "3", "--quiet")


def test_a_file_as_out_is_refused_before_solving(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "results"
    target.write_text("not a folder\n", encoding="utf-8")
    code, output = solve(tiny_scenario_dir, target)
    assert code == EXIT_BAD_INPUT
    assert f"--out {target}: is a file, not a folder" in output
    assert "status:" not in output  # nothing was computed
    assert target.read_text(encoding="utf-8") == "not a folder\n"


def test_an_out_below_a_file_is_refused(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, output = solve(tiny_scenario_dir, blocker / "out")
    assert code == EXIT_BAD_INPUT
    assert f"--out {blocker / 'out'}: {blocker} is a file, not a folder" in output


def test_a_read_only_out_is_refused(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "locked"
    target.mkdir()
    target.chmod(0o555)
    try:
        code, output = solve(tiny_scenario_dir, target)
    finally:
        target.chmod(0o755)
    assert code == EXIT_BAD_INPUT
    assert f"--out {target}: is read-only" in output
    assert list(target.iterdir()) == []


def test_an_uncreatable_out_is_refused(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    parent = tmp_path / "sealed"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code, output = solve(tiny_scenario_dir, parent / "out")
    finally:
        parent.chmod(0o755)
    if os.geteuid() == 0:
        # Root writes into a 0555 folder anyway; the folder's own bits decide above.
        assert code == 0, output
        return
    assert code == EXIT_BAD_INPUT
    assert f"--out {parent / 'out'}: cannot write in {parent}" in output


def test_a_folder_with_other_files_is_refused(tiny_scenario_dir: Path) -> None:
    folder = tiny_scenario_dir.parent
    code, output = solve(tiny_scenario_dir, folder)
    assert code == EXIT_BAD_INPUT
    assert (
        "holds files shiftplan did not write (agents.csv, forecast.csv, scenario.yaml, ...)"
        in output
    )
    assert sorted(path.name for path in folder.iterdir()) == [
        "agents.csv",
        "forecast.csv",
        "scenario.yaml",
        "time_off.csv",
    ]


def test_staffing_out_naming_a_folder_is_refused(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    code, output = run("staffing", str(tiny_scenario_dir), "--out", str(tmp_path))
    assert code == EXIT_BAD_INPUT
    assert f"--out {tmp_path}: is a folder; give a file name, e.g. requirements.csv" in output
    assert "Total required" not in output


def test_exit_3_leaves_no_file_of_the_previous_run(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = solve(tiny_scenario_dir, out)
    assert code == 0, output
    assert output_set_problems(out, tiny_scenario_dir) == []
    first = json.loads((out / "summary.json").read_text(encoding="utf-8"))["run_id"]

    spec = yaml.safe_load(tiny_scenario_dir.read_text(encoding="utf-8"))
    for contract in spec["contracts"].values():
        # Five days a week, never two in a row, cannot fit in seven days.
        contract.update(max_consecutive_days=1, days_per_week={"min": 5, "max": 5})
    tiny_scenario_dir.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    code, output = solve(tiny_scenario_dir, out)
    assert code == EXIT_RULES_INFEASIBLE, output
    assert sorted(path.name for path in out.iterdir()) == ["summary.json"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "INFEASIBLE"
    assert summary["run_id"] != first
    assert summary["files"] == {}
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # no staging


def test_files_take_the_umask(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        out = tmp_path / "out"
        code, output = solve(tiny_scenario_dir, out)
        requirements = tmp_path / "requirements.csv"
        run("staffing", str(tiny_scenario_dir), "--out", str(requirements))
    finally:
        os.umask(previous)
    assert code == 0, output
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in out.iterdir()}
    assert set(modes.values()) == {0o640}, modes
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE(requirements.stat().st_mode) == 0o640


def _write(text: str):  # type: ignore[no-untyped-def]
    return lambda path: path.write_text(text, encoding="utf-8")


def test_a_failing_writer_keeps_the_previous_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output_set(
        out, {"a.csv": _write("old a"), "b.csv": _write("old b")}, run_id="r1", summary={}
    )

    def broken(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        msg = "disk full"
        raise OSError(msg)

    with pytest.raises(OSError, match="disk full"):
        write_output_set(out, {"a.csv": _write("new a"), "b.csv": broken}, run_id="r2", summary={})
    assert (out / "a.csv").read_text(encoding="utf-8") == "old a"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["run_id"] == "r1"
    assert [path.name for path in tmp_path.iterdir()] == ["out"]


def test_sigkill_while_writing_leaves_one_whole_set(tmp_path: Path) -> None:
    """A process killed between two files of the set: the folder still holds the old set."""
    out = tmp_path / "out"
    write_output_set(
        out, {"a.csv": _write("old a"), "b.csv": _write("old b")}, run_id="r1", summary={}
    )
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from shiftplan.output_set import write_output_set

        def killed(path):
            os.kill(os.getpid(), signal.SIGKILL)

        write_output_set(
            Path({str(out)!r}),
            {{"a.csv": lambda p: p.write_text("new a"), "b.csv": killed}},
            run_id="r2",
            summary={{}},
        )
        """
    )
    process = subprocess.run([sys.executable, "-c", script], check=False)
    assert process.returncode == -9
    assert sorted(path.name for path in out.iterdir()) == ["a.csv", "b.csv", "summary.json"]
    assert (out / "a.csv").read_text(encoding="utf-8") == "old a"
    # The next run clears the killed run's staging folder.
    write_output_set(out, {"a.csv": _write("newer a")}, run_id="r3", summary={})
    assert [path.name for path in tmp_path.iterdir()] == ["out"]
    assert sorted(path.name for path in out.iterdir()) == ["a.csv", "summary.json"]


def test_names_spreadsheets_would_run_are_written_as_text(tmp_path: Path) -> None:
    import csv

    from scenario_factory import default_agents, with_row, write_tiny_scenario

    agents = with_row(default_agents(), 0, name='=HYPERLINK("http://x","y")')
    agents = with_row(agents, 1, name="@SUM(A1)")
    scenario = write_tiny_scenario(tmp_path / "team", agents=agents)
    out = tmp_path / "out"
    code, output = solve(scenario, out)
    assert code == 0, output
    with (out / "roster.csv").open(encoding="utf-8", newline="") as handle:
        names = {row["agent_name"] for row in csv.DictReader(handle)}
    assert '\'=HYPERLINK("http://x","y")' in names
    assert "'@SUM(A1)" in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
    assert output_set_problems(out, scenario) == []


def test_exports_belong_to_the_run_that_wrote_them(tiny_scenario_dir: Path, tmp_path: Path) -> None:
    """--export files are part of the set: listed in summary.json, gone after a run without."""
    out = tmp_path / "out"
    code, output = run(
        "solve", str(tiny_scenario_dir), "--out", str(out), "--time-limit", "3", "--quiet",
        "--export", "xlsx,ics",
    )  # fmt: skip
    assert code == 0, output
    listed = json.loads((out / "summary.json").read_text(encoding="utf-8"))["files"]
    assert {"roster.xlsx", "calendars"} <= set(listed)
    code, output = solve(tiny_scenario_dir, out)
    assert code == 0, output
    assert output_set_problems(out, tiny_scenario_dir) == []
