"""Candidate shifts: the third stage of the pipeline.

From a validated scenario, every shift each agent may work, placed on the
UTC grid in the agent's own time zone (:mod:`shiftplan.shifts.candidates`).
The local start windows, time off and public holidays shape the candidates,
so no later stage needs a constraint for them.
"""

from shiftplan.shifts.candidates import (
    NIGHT_END_MINUTE,
    NIGHT_MIN_MINUTES,
    NIGHT_START_MINUTE,
    CandidateShifts,
    build_candidates,
    local_start_utc,
    night_minutes,
)

__all__ = [
    "NIGHT_END_MINUTE",
    "NIGHT_MIN_MINUTES",
    "NIGHT_START_MINUTE",
    "CandidateShifts",
    "build_candidates",
    "local_start_utc",
    "night_minutes",
]
