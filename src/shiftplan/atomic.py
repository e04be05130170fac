"""The one way shiftplan writes a file: whole or not at all, with the user's mode.

Every file goes to a temporary name in the target's folder and is renamed
over the target, so a reader (or a run killed half-way) sees the old file or
the new one, never half of one. ``mkstemp`` creates the temporary file
private to its owner; the new file gets the mode the file it replaces had,
or the mode the user's umask gives a new file, as ``open()`` would.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask (022 for most users)."""
    # Linux reports it without changing it; elsewhere it can only be read by
    # setting it, and the lock keeps two threads from seeing each other's
    # temporary value.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        umask = os.umask(0o077)
        os.umask(umask)
    return umask


def new_file_mode() -> int:
    """The mode a new file gets under the process's umask (0o644 under umask 022)."""
    return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    """The mode a new folder gets under the process's umask (0o755 under umask 022)."""
    return 0o777 & ~current_umask()


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` on success.

    Parameters
    ----------
    path
        The final file; its folder is created if missing.

    Yields
    ------
    Path
        Where to write. If the block raises, the temporary file is removed
        and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.is_file() else new_file_mode()
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb") as stream:
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically (see :func:`replacing`)."""
    with replacing(path) as temporary:
        temporary.write_bytes(content)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically, line endings as given."""
    write_bytes(path, text.encode("utf-8"))
