"""The one atomic writer: whole files, the user's umask, an existing file's mode."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from shiftplan.atomic import new_file_mode, replacing, write_text


@pytest.fixture
def umask_027() -> Iterator[None]:
    """Run the test under umask 027, as a careful server account would."""
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask_027")
def test_new_files_take_the_umask_and_existing_files_keep_their_mode(tmp_path: Path) -> None:
    """A new file is 0640 under umask 027; a 0604 file stays 0604 when replaced."""
    assert new_file_mode() == 0o640
    fresh = tmp_path / "deep" / "roster.csv"
    write_text(fresh, "a,b\n1,2\n")
    assert fresh.read_text() == "a,b\n1,2\n"
    assert fresh.stat().st_mode & 0o777 == 0o640
    existing = tmp_path / "summary.json"
    existing.write_text("{}")
    existing.chmod(0o604)
    write_text(existing, '{"status": "OPTIMAL"}\n')
    assert existing.read_text() == '{"status": "OPTIMAL"}\n'
    assert existing.stat().st_mode & 0o777 == 0o604
    assert sorted(path.name for path in tmp_path.iterdir()) == ["deep", "summary.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """An error half-way through leaves the previous content and nothing beside it."""
    target = tmp_path / "gaps.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError, match="disk full"), replacing(target) as temporary:
        temporary.write_text("half a fi")
        message = "disk full"
        raise RuntimeError(message)
    assert target.read_text() == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["gaps.csv"]
