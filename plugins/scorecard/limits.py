"""Bounds on the work one report may cause, and the error raised when a report passes one.

A hostile or broken PDF must not take the machine with it: the fetch step refuses a body that is
too big, too slow or decompresses too far, the PDF pre-scan (:mod:`scorecard.pdfscan`) refuses
a document whose pages, glyphs, operators or nested Form XObjects pass a cap, and extraction
runs in a child process with CPU, wall-time and memory limits (:mod:`scorecard.isolation`).
Every one of these ends as a :class:`ResourceLimit` naming the file, the limit and its setting.

| variable | default | meaning |
|---|---|---|
| ``SCORECARD_EXTRACT_CPU_SECONDS`` | ``120`` | CPU time of one report's extraction |
| ``SCORECARD_EXTRACT_WALL_SECONDS`` | ``180`` | wall time of one report's extraction |
| ``SCORECARD_EXTRACT_MEMORY_MB`` | ``2048`` | address space of the extraction process |
| ``SCORECARD_FETCH_DEADLINE_SECONDS`` | ``300`` | one download: every try, redirect and read |
| ``SCORECARD_FETCH_MAX_MB`` | ``50`` | body size, counted after any decompression |
| ``SCORECARD_FETCH_ALLOW_ADDRESSES`` | (none) | IPs/CIDRs (comma-separated) a fetch may reach although they are not public (tests: ``127.0.0.1``) |
| ``SCORECARD_PDF_MAX_INFLATED_MB`` | ``256`` | all streams of one PDF, decompressed |
| ``SCORECARD_PDF_MAX_PAGES`` | ``2000`` | pages of one report |
| ``SCORECARD_PDF_MAX_GLYPHS`` | ``500000`` | glyphs drawn (a Form XObject counts each time it is drawn) |
| ``SCORECARD_PDF_MAX_OPERATORS`` | ``5000000`` | content-stream operators, counted likewise |
| ``SCORECARD_PDF_MAX_XOBJECT_USES`` | ``100000`` | Form XObjects drawn, nesting multiplied out |

An Airflow task's ``execution_timeout`` can be derived from these:
:meth:`Limits.fetch_task_seconds` and :meth:`Limits.extract_task_seconds`.
"""

from __future__ import annotations

import os
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


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"{name}={value!r}: expected a number") from None


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
        """The defaults, overridden by whichever variables are set."""
        values: dict[str, object] = {}
        for name, variable in SETTING_NAMES.items():
            default = getattr(cls, name)
            scale = MIB if variable.endswith("_MB") else 1
            number = _number(variable, default / scale) * scale
            values[name] = int(number) if isinstance(default, int) else number
        allow = os.environ.get("SCORECARD_FETCH_ALLOW_ADDRESSES", "")
        values["fetch_allow_addresses"] = tuple(a.strip() for a in allow.split(",") if a.strip())
        return cls(**values)  # type: ignore[arg-type]

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
