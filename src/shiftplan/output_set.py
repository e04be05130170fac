"""Output folders that change whole: a folder never mixes two runs.

A solve writes several files that belong together (roster, coverage, gaps,
summary, plot, report, exports). :func:`write_output_set` writes all of them
into a fresh folder beside the target and then swaps that folder in with one
atomic rename (Linux ``renameat2(RENAME_EXCHANGE)``), so after any exit, even
SIGKILL, the target holds the previous run's set or the new one, never a mix,
and never a file the new run did not write. ``summary.json`` names the run
(``run_id``) and lists every file of its set with its SHA-256, so each file
can be traced to its run; writers may embed ``run_id`` in file metadata too.

:func:`check_output_folder` and :func:`check_output_file` refuse an output
path that cannot work *before* anything is computed: a file where a folder
belongs, a read-only or uncreatable path, a folder that holds files
shiftplan did not write (swapping it would lose them).

Files are created with the user's umask, like any other program's output.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shiftplan.atomic import new_folder_mode
from shiftplan.errors import OutputError

Writer = Callable[[Path], None]
"""Writes one file at the path given (a path inside the temporary folder)."""

SUMMARY_NAME = "summary.json"
# Files shiftplan writes into a results folder, also those written before
# summary.json listed its files, and those `shiftplan export` adds later.
KNOWN_NAMES = frozenset(
    {"roster.csv", "coverage.csv", "gaps.csv", "coverage.png", "summary.json", "report.html"}
    | {"roster.xlsx", "calendars", "roster_days.csv"}
)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def new_run_id() -> str:
    """A run id: the UTC time the run started and a random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def _refuse(path: Path, option: str, reason: str) -> OutputError:
    return OutputError(f"{option} {path}: {reason}")


def _probe(folder: Path, path: Path, option: str) -> None:
    """Create and remove a temporary folder in ``folder``: the honest writability test."""
    try:
        Path(tempfile.mkdtemp(dir=folder, prefix=".shiftplan-probe-")).rmdir()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _refuse(path, option, f"cannot write in {folder} ({reason})") from None


def _nearest_existing(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _read_only(path: Path) -> bool:
    # Write bits off means the owner protected it; root would write anyway.
    return not (path.stat().st_mode & 0o222) or not os.access(path, os.W_OK)


def check_output_file(path: Path, option: str = "--out", example: str = "requirements.csv") -> None:
    """Refuse an output file path that cannot be written, before computing.

    Raises
    ------
    OutputError
        ``path`` is a folder, a read-only file, or in a folder that cannot
        be created or written.
    """
    if path.is_dir():
        raise _refuse(path, option, f"is a folder; give a file name, e.g. {example}")
    if path.exists() and not path.is_file():
        raise _refuse(path, option, "is not a regular file")
    if path.is_file() and _read_only(path):
        raise _refuse(path, option, "is read-only")
    folder = _nearest_existing(path)
    if not folder.is_dir():
        raise _refuse(path, option, f"{folder} is a file, not a folder")
    _probe(folder, path, option)


def _listed_files(folder: Path) -> set[str]:
    """The files the summary.json in ``folder`` says its run wrote."""
    try:
        listed = json.loads((folder / SUMMARY_NAME).read_text(encoding="utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(name) for name in listed} if isinstance(listed, dict | list) else set()


def check_output_folder(folder: Path, option: str = "--out") -> None:
    """Refuse an output folder that cannot take a new set, before computing.

    Raises
    ------
    OutputError
        ``folder`` is a file, is read-only, cannot be created, or holds
        files shiftplan did not write (the swap would lose them).
    """
    if folder.exists() and not folder.is_dir():
        raise _refuse(folder, option, "is a file, not a folder; give a folder for the results")
    if folder.is_dir():
        if _read_only(folder):
            raise _refuse(folder, option, "is read-only")
        if folder.absolute() == Path.cwd() or folder.absolute().parent == folder.absolute():
            raise _refuse(folder, option, "give a folder of its own for the results, e.g. out")
        ours = KNOWN_NAMES | _listed_files(folder)
        foreign = sorted(entry.name for entry in folder.iterdir() if entry.name not in ours)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise _refuse(
                folder,
                option,
                f"holds files shiftplan did not write ({shown}); the results replace the "
                "whole folder, so give an empty or new folder",
            )
    parent = folder.absolute().parent if folder.is_dir() else _nearest_existing(folder)
    if not parent.is_dir():
        raise _refuse(folder, option, f"{parent} is a file, not a folder")
    _probe(parent, folder, option)


def _exchange(new: Path, old: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where unsupported."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(old))


def _remove_abandoned(folder: Path) -> None:
    """Remove staging folders of killed runs (their process is gone)."""
    for sibling in folder.parent.glob(f".{folder.name}.shiftplan-*.*"):
        pid = sibling.name[len(folder.name) + len(".shiftplan-") + 1 :].split(".")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(sibling, ignore_errors=True)
        except OSError:
            continue


def _digest(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files with their relative names."""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(path.rglob("*")):
            if item.is_file():
                digest.update(str(item.relative_to(path)).encode() + b"\0")
                digest.update(hashlib.sha256(item.read_bytes()).digest())
        return digest.hexdigest()
    digest.update(path.read_bytes())
    return digest.hexdigest()


def swap_in(staging: Path, folder: Path) -> None:
    """Put the finished folder ``staging`` in the place of ``folder``, whole.

    Both must be in the same parent folder. Where Linux can exchange the two
    atomically, a reader sees the old folder or the new one; elsewhere the
    old one steps aside first, so ``folder`` is briefly absent but never
    mixed. The old folder is removed.
    """
    if not folder.exists():
        staging.rename(folder)
    elif _exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)
    else:
        aside = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.old."))
        folder.rename(aside / folder.name)
        staging.rename(folder)
        shutil.rmtree(aside, ignore_errors=True)


def write_output_set(
    folder: Path,
    writers: Mapping[str, Writer],
    *,
    run_id: str,
    summary: Mapping[str, Any] | None = None,
) -> dict[str, Path]:
    """Write a set of files and swap it in as ``folder``, all or nothing.

    Parameters
    ----------
    folder
        The output folder; it is replaced whole (see :func:`check_output_folder`).
    writers
        File name -> function that writes that file at the path it is given.
        Other features add their files to a set by name here.
    run_id
        The run's id (:func:`new_run_id`), also written into ``summary.json``.
    summary
        Contents of ``summary.json``, written last with ``run_id`` and the
        SHA-256 of every other file of the set; None writes no summary.

    Returns
    -------
    dict
        File name -> final path, in the order written.
    """
    # A symbolic link keeps pointing where it did: the folder it names is swapped.
    folder = folder.resolve() if folder.is_symlink() else folder.absolute()
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(folder)
    prefix = f".{folder.name}.shiftplan-{os.getpid()}."
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=prefix))
    mode = new_folder_mode()
    try:
        if folder.is_dir():
            mode = stat.S_IMODE(folder.stat().st_mode)
        staging.chmod(mode)
        for name, write in writers.items():
            write(staging / name)
        names = list(writers)
        if summary is not None:
            files = {name: {"sha256": _digest(staging / name)} for name in names}
            document = {"run_id": run_id, **summary, "files": files}
            text = json.dumps(document, indent=2, default=str) + "\n"
            (staging / SUMMARY_NAME).write_text(text, encoding="utf-8")
            names.append(SUMMARY_NAME)
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {name: folder / name for name in names}


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix newlines, created with the user's umask."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(text)
