"""The package logger: progress goes through ``logging``, as in PyVRP.

Library code logs to ``logging.getLogger("shiftplan")`` and never prints, so
a notebook or a service decides where progress goes. The command line shows
it on stderr with :func:`log_to_stderr`.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

logger = logging.getLogger("shiftplan")
"""The logger every shiftplan module writes progress to."""


class _CurrentStderr(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time of each record.

    A test runner that swaps ``sys.stderr`` per command still captures the
    lines; a handler holding the stream it was created with would not.
    """

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        del value  # always the current stderr


def log_to_stderr(level: int = logging.INFO) -> None:
    """Show the package's log records on stderr, one plain line each (idempotent)."""
    if not any(isinstance(handler, _CurrentStderr) for handler in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
