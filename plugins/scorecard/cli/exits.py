"""The exit codes of every ``scorecard`` command, in one place (the README lists them).

A command that fails prints one line an analyst can act on (which file, which setting, what to
do) and exits with one of these codes, never with a traceback: :func:`code_for` maps the
project's typed errors; anything else is a bug, reported as one line with
:data:`INTERNAL` (set ``SCORECARD_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

OK = 0
FAILED = 1
"""A report was refused (failed or missing validation, content not its file's, a resource limit
passed) or a fetch or run failed."""
BAD_INPUT = 2
"""Wrong usage, or a file or setting that cannot be read (click's usage errors exit 2 as well)."""
NOT_PUBLISHED = 3
"""``scorecard fetch``: the quarter's report is not published yet."""
WAREHOUSE = 4
"""The warehouse cannot be started or reached (port taken, server down, login refused)."""
INTERNAL = 70
"""An unexpected error: a bug to report, with the line printed."""

DEBUG_ENV = "SCORECARD_DEBUG"


def code_for(error: BaseException) -> int:
    """The exit code of an error that reached the command line."""
    import psycopg

    from scorecard.load.errors import LoadError
    from scorecard.warehouse import WarehouseError
    from scorecard.warehouse.migrations import MigrationError
    from scorecard.warehouse.roles import SuperuserLogin

    if isinstance(error, WarehouseError | psycopg.OperationalError):
        return WAREHOUSE
    if isinstance(error, LoadError | SuperuserLogin) or type(error).__name__ == "ResourceLimit":
        return FAILED
    if isinstance(error, MigrationError | ValueError | OSError):
        return BAD_INPUT
    return INTERNAL


def one_line(error: BaseException) -> str:
    """The error's message on one line (the last line of a multi-line driver message)."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[0] if lines else ""
    if code_for(error) == INTERNAL:
        return f"unexpected error ({type(error).__name__}): {text}; rerun with {DEBUG_ENV}=1"
    return text or type(error).__name__


def show_traceback() -> bool:
    """Whether the user asked for tracebacks (``SCORECARD_DEBUG=1``)."""
    from scorecard.settings import show_traceback as asked

    return asked()
