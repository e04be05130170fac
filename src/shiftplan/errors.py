"""Errors that name the thing: the file, the row, the field and the value.

Every problem a user can cause by editing a scenario is reported as a
:class:`Problem`; a scenario that has any is rejected with a single
:class:`ScenarioError` that carries *all* of them, so a manager fixes the
files in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    Parameters
    ----------
    file
        The file the problem is in (the YAML file or one of its CSVs).
    message
        What is wrong, in plain words.
    row
        Row number as a spreadsheet shows it (the CSV header is row 1), or the
        YAML line number, when known.
    field
        The column or YAML key.
    value
        The offending value, as the user wrote it.
    hint
        What to do about it, when there is something useful to say.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    value: object = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.field is not None:
            where += f", field '{self.field}'"
        text = f"{where}: {self.message}"
        # A date shows as the user wrote it, not as datetime.date(...).
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        if value is not None and repr(value) not in self.message:
            shown = repr(value)
            # A cell swallowed by a stray quote can hold a whole file: never echo it all.
            if len(shown) > 80:
                shown = shown[:60] + f"... ({len(shown)} characters)"
            text += f" (value: {shown})"
        if self.hint:
            text += f". Hint: {self.hint}"
        return text


class ShiftplanError(Exception):
    """Base class of every error shiftplan raises on purpose."""


class OptionError(ShiftplanError):
    """A command-line option with a value that cannot be used."""


class OutputError(ShiftplanError):
    """An output path that cannot be written; raised before anything is computed."""


@dataclass
class ScenarioError(ShiftplanError):
    """A scenario that cannot be used; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the scenario:"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
