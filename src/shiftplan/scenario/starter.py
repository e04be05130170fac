"""The starter scenario `shiftplan init` writes: a bundled, commented template to edit."""

from __future__ import annotations

import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

STARTER_FILES = ("scenario.yaml", "agents.csv", "forecast.csv", "time_off.csv")


def write_starter(directory: str | Path) -> Path:
    """Copy the starter scenario into ``directory`` and return its YAML path.

    The files are copied into a temporary folder beside ``directory`` first
    and moved into place together, so an interrupted run leaves nothing half
    written.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    source = files("shiftplan") / "starter"
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}."))
    try:
        for name in STARTER_FILES:
            (staging / name).write_bytes((source / name).read_bytes())
        if directory.exists():
            directory.rmdir()  # empty: the command checked it
        staging.replace(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return directory / "scenario.yaml"
