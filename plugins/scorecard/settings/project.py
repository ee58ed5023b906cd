"""Where the repository is, and whether commands show tracebacks."""

from __future__ import annotations

from pathlib import Path

from scorecard.settings.env import declare

PROJECT_DIR_SETTING = declare(
    "SCORECARD_PROJECT_DIR",
    None,
    "the repository (`dags/`, `dbt_project/`, `samples/`), when the package runs from elsewhere",
    group="configuration",
    shown="the repository holding `plugins/`",
)
DEBUG = declare(
    "SCORECARD_DEBUG",
    None,
    "`1`: a failing command shows its traceback instead of one line",
    group="configuration",
)

PROJECT_DIR = Path(PROJECT_DIR_SETTING.text(str(Path(__file__).resolve().parents[3])))
"""The repository root (``dags/``, ``dbt_project/``, ``samples/`` live here)."""


def show_traceback() -> bool:
    """Whether the user asked for tracebacks (``SCORECARD_DEBUG=1``)."""
    return DEBUG.raw() not in (None, "0")
