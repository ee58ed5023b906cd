"""Bounds on the work one report may cause, and the error raised when a report passes one.

A hostile or broken PDF must not take the machine with it: the fetch step refuses a body that is
too big, too slow or decompresses too far, the PDF pre-scan (:mod:`scorecard.pdfscan`) refuses
a document whose pages, glyphs, operators or nested Form XObjects pass a cap, and extraction
runs in a child process with CPU, wall-time and memory limits (:mod:`scorecard.isolation`).
Every one of these ends as a :class:`ResourceLimit` naming the file, the limit and its setting.

The limits and their variables are declared in :mod:`scorecard.settings.limits`.

An Airflow task's ``execution_timeout`` can be derived from these:
:meth:`Limits.fetch_task_seconds` and :meth:`Limits.extract_task_seconds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorecard.extract.errors import ExtractionError

MIB = 1024 * 1024

SETTING_NAMES = {
    "extract_cpu_seconds": "SCORECARD_EXTRACT_CPU_SECONDS",
    "extract_wall_seconds": "SCORECARD_EXTRACT_WALL_SECONDS",
    "extract_memory_bytes": "SCORECARD_EXTRACT_MEMORY_MB",
    "fetch_deadline_seconds": "SCORECARD_FETCH_DEADLINE_SECONDS",
    "fetch_max_bytes": "SCORECARD_FETCH_MAX_MB",
    "pdf_max_inflated_bytes": "SCORECARD_PDF_MAX_INFLATED_MB",
    "pdf_max_pages": "SCORECARD_PDF_MAX_PAGES",
    "pdf_max_glyphs": "SCORECARD_PDF_MAX_GLYPHS",
    "pdf_max_operators": "SCORECARD_PDF_MAX_OPERATORS",
    "pdf_max_xobject_uses": "SCORECARD_PDF_MAX_XOBJECT_USES",
}
"""Each limit's field and the environment variable that sets it."""


@dataclass(frozen=True)
class Limits:
    """The limits in force (see the module docstring); ``Limits.from_env()`` reads them."""

    extract_cpu_seconds: float = 120.0
    extract_wall_seconds: float = 180.0
    extract_memory_bytes: int = 2048 * MIB
    fetch_deadline_seconds: float = 300.0
    fetch_max_bytes: int = 50 * MIB
    fetch_allow_addresses: tuple[str, ...] = ()
    pdf_max_inflated_bytes: int = 256 * MIB
    pdf_max_pages: int = 2000
    pdf_max_glyphs: int = 500_000
    pdf_max_operators: int = 5_000_000
    pdf_max_xobject_uses: int = 100_000

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by whichever variables are set (read by
        :mod:`scorecard.settings.limits`, the one reader of the environment)."""
        from scorecard.settings.limits import read_limits

        return read_limits()

    def fetch_task_seconds(self, locations: int = 1) -> float:
        """An upper bound for a task fetching ``locations`` (for its ``execution_timeout``):
        each location's download deadline plus a minute for landing and the PDF pre-scan."""
        return locations * (self.fetch_deadline_seconds + 60)

    def extract_task_seconds(self, reports: int = 1) -> float:
        """An upper bound for a task extracting ``reports`` (for its ``execution_timeout``):
        each report's wall-time limit plus ten seconds to start and answer."""
        return reports * (self.extract_wall_seconds + 10)


def describe(limit: str, value: float) -> str:
    """A limit's value as a person reads it (MiB for bytes, s for seconds)."""
    if limit.endswith("_bytes"):
        return f"{value / MIB:,.0f} MiB"
    if limit.endswith("_seconds"):
        return f"{value:g} s"
    return f"{value:,.0f}"


class ResourceLimit(ExtractionError):
    """A report would need more than a limit allows; it was refused and nothing was kept.

    ``limit`` is the :class:`Limits` field, ``cap`` its value, ``what`` what passed it.
    """

    def __init__(self, path: str | Path, limit: str, cap: float, what: str) -> None:
        self.limit = limit
        self.cap = cap
        self.what = what
        super().__init__(
            path, f"at most {describe(limit, cap)} ({SETTING_NAMES.get(limit, limit)})"
        )

    def _message(self) -> str:
        setting = SETTING_NAMES.get(self.limit, self.limit)
        return (
            f"{self.path}: refused: {self.what}, over the limit {self.limit} of "
            f"{describe(self.limit, self.cap)} (set by {setting}); nothing was kept"
        )

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "limit": self.limit, "cap": self.cap, "what": self.what}
