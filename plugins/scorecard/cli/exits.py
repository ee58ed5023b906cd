"""The exit codes of every ``scorecard`` command, in one place (the README lists them).

A command that fails prints one line an analyst can act on (which file, which setting, what to
do) and exits with one of these codes, never with a traceback: :func:`code_for` takes the code
of the error's category (:class:`scorecard.errors.Category`); anything else is a bug, reported
as one line with :data:`INTERNAL` (set ``SCORECARD_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path

from scorecard.errors import Category, TransientError, category_of

OK = 0
FAILED = Category.REFUSED.exit_code
"""A report was refused (failed or missing validation, content not its file's), or a fetch, a
run or a build failed."""
BAD_INPUT = Category.BAD_INPUT.exit_code
"""Wrong usage, or a file or quarter that cannot be read (click's usage errors exit 2 as well)."""
NOT_PUBLISHED = Category.NOT_PUBLISHED.exit_code
"""``scorecard fetch``: the quarter's report is not published yet."""
CONFIGURATION = Category.CONFIGURATION.exit_code
"""The set-up: a setting, a secret file or ``sources.yml`` is wrong, or the warehouse cannot be
started or reached (port taken, server down, login refused)."""
RESOURCE_LIMIT = Category.RESOURCE_LIMIT.exit_code
"""A report passed a resource limit (size, pages, glyphs, memory, time) and was refused."""
INTERNAL = 70
"""An unexpected error: a bug to report, with the line printed."""

DEBUG_ENV = "SCORECARD_DEBUG"


class DiskFull(TransientError):
    """A disk filled up (``ENOSPC``); the message names the folder whose disk is full."""


def typed(error: BaseException) -> BaseException:
    """A library's error that has a meaning of ours, as our typed error (a full disk names the
    folder on it); anything else unchanged."""
    import psycopg

    if isinstance(error, psycopg.errors.DiskFull):
        return DiskFull(f"the warehouse's disk is full ({one_line_of(error)}); free space there")
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        where = Path(error.filename) if error.filename else _fullest()
        free = shutil.disk_usage(where if where.is_dir() else where.parent).free
        return DiskFull(
            f"no space left on the device holding {where} ({free >> 20} MiB free); "
            "free some space there, then run the command again"
        )
    return error


def _fullest() -> Path:
    """Of the folders a command writes to, the one with the least space left."""
    folders = [Path(tempfile.gettempdir())]
    try:
        from scorecard.settings import get_settings

        settings = get_settings()
        folders += [settings.home, settings.airflow_home]
        if settings.landing_url.startswith("file://"):
            folders.append(Path(settings.landing_url.removeprefix("file://")))
    except Exception:  # the settings themselves may be what cannot be read
        pass
    existing = [folder for folder in folders if folder.exists()]
    return min(existing or folders[:1], key=lambda folder: shutil.disk_usage(folder).free)


def one_line_of(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def code_for(error: BaseException) -> int:
    """The exit code of an error that reached the command line: its category's
    (:mod:`scorecard.errors`); a refused database connection is the warehouse unreachable;
    anything else is a bug."""
    import psycopg

    category = category_of(error)
    if category is not None:
        return category.exit_code
    if isinstance(error, psycopg.OperationalError):
        return Category.UNREACHABLE.exit_code
    return INTERNAL


def one_line(error: BaseException) -> str:
    """The error's message on one line (the last line of a multi-line driver message)."""
    text = one_line_of(error)
    if code_for(error) == INTERNAL:
        return f"unexpected error ({type(error).__name__}): {text}; rerun with {DEBUG_ENV}=1"
    return text


def show_traceback() -> bool:
    """Whether the user asked for tracebacks (``SCORECARD_DEBUG=1``)."""
    from scorecard.settings import show_traceback as asked

    return asked()
