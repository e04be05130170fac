"""Deliver Ctrl-C (SIGINT) to one thread of a running ``shiftplan solve``.

A terminal sends SIGINT to the process and the kernel hands it to any thread
that does not block it, often one of CP-SAT's search workers. To test that
case on purpose, :func:`interrupt_solve` waits until the solve has started
its search threads and sends SIGINT to one of them with ``tgkill`` (Linux),
then waits for the process to finish. Used by tests/test_interrupt.py and by
benchmarks/bench_interrupt.py.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# tgkill's system call number on x86-64 and on arm64.
_TGKILL = {"x86_64": 234, "aarch64": 131}


@dataclass(frozen=True)
class Interrupted:
    """How an interrupted run ended."""

    returncode: int
    stdout: str
    stderr: str
    thread: int | None
    """The thread that got SIGINT (None: the run ended before one was signalled)."""
    seconds_to_signal: float
    """From the start of the process to the signal (or to its end, without one)."""
    seconds_to_exit: float
    """From the signal (or the start, without one) to the end of the process."""


def can_signal_threads() -> bool:
    """Whether this machine can aim a signal at one thread of another process."""
    return sys.platform == "linux" and os.uname().machine in _TGKILL


def threads(pid: int) -> list[int]:
    """Thread ids of process ``pid``, the main thread first."""
    try:
        found = [int(path.name) for path in Path(f"/proc/{pid}/task").iterdir()]
    except (FileNotFoundError, ProcessLookupError):
        return []
    return sorted(found, key=lambda tid: tid != pid)


def tgkill(pid: int, tid: int, signum: int = signal.SIGINT) -> bool:
    """Send ``signum`` to thread ``tid`` of process ``pid``; False if it is gone."""
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.syscall(_TGKILL[os.uname().machine], pid, tid, int(signum)) == 0


def interrupt_solve(
    arguments: list[str],
    *,
    min_threads: int = 6,
    pick: int = -1,
    timeout: float = 120.0,
    cwd: Path | None = None,
) -> Interrupted:
    """Run ``shiftplan ARGUMENTS``; SIGINT one thread once it has ``min_threads``.

    ``pick`` chooses the thread among the non-main ones (-1: the newest,
    a search worker while CP-SAT runs).
    """
    command = [sys.executable, "-m", "shiftplan", *arguments]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )
    chosen = None
    started = signalled = time.monotonic()
    deadline = started + timeout
    while process.poll() is None and time.monotonic() < deadline:
        others = threads(process.pid)[1:]
        if len(others) >= min_threads:
            target = others[pick % len(others)]
            if tgkill(process.pid, target):
                chosen, signalled = target, time.monotonic()
                break
        time.sleep(0.005)
    try:
        stdout, stderr = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    ended = time.monotonic()
    if chosen is None:
        signalled = ended
    return Interrupted(
        process.returncode, stdout, stderr, chosen, signalled - started, ended - signalled
    )


SET_FILES = {
    "roster.csv",
    "coverage.csv",
    "gaps.csv",
    "coverage.png",
    "heatmap.png",
    "report.html",
    "summary.json",
}


def output_set_problems(folder: Path, scenario_path: Path) -> list[str]:
    """What is wrong with a solve's output folder (empty: a complete, valid set).

    Complete: exactly the files summary.json lists plus summary.json, each
    with the SHA-256 the summary gives, the plot carrying the run id, and a
    roster that keeps every hard rule by the independent validator.
    """
    import hashlib
    import json

    from PIL import Image

    from shiftplan.scenario.load import load_scenario
    from shiftplan.validate import validate_roster

    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"summary.json unreadable: {error}"]
    problems = []
    present = {path.name for path in folder.iterdir()}
    expected = set(summary.get("files", {})) | {"summary.json"}
    if present != expected or present != SET_FILES:
        problems.append(f"files {sorted(present)}, summary lists {sorted(expected)}")
    for name, entry in summary.get("files", {}).items():
        path = folder / name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"{name} is not the file summary.json describes")
    if (folder / "coverage.png").is_file():
        with Image.open(folder / "coverage.png") as image:
            if image.info.get("run_id") != summary.get("run_id"):
                problems.append("coverage.png is from another run")
    if (folder / "roster.csv").is_file():
        violations = validate_roster(load_scenario(scenario_path), folder / "roster.csv")
        problems += [f"roster breaks {v.rule}: {v.detail}" for v in violations]
    return problems
