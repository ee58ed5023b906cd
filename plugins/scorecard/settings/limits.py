"""The limits on hostile input, and their settings: each limit's default is the :class:`Limits`
field's, shown in the unit of its variable (MiB for ``_MB``), so the default is written once.

A hostile or broken PDF must not take the machine with it: the fetch step refuses a body that is
too big, too slow or decompresses too far, the PDF pre-scan (:mod:`scorecard.pdf.scan`) refuses
a document whose pages, glyphs, operators or nested Form XObjects pass a cap, and extraction
runs in a child process with CPU, wall-time and memory limits (:mod:`scorecard.pdf.isolation`).
Every one of these ends as a :class:`~scorecard.pdf.limits.ResourceLimit` naming the file, the
limit and its setting. How many such children may run at once is the Airflow pool
:data:`EXTRACT_POOL` (its slots: :meth:`Limits.pool_slots`), so their memory together stays
within half the machine's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scorecard.settings.env import Setting, declare

MIB = 1024 * 1024

EXTRACT_POOL = "scorecard_extract"
"""The Airflow pool of the tasks that parse untrusted PDFs in limited children (fetch, extract)."""

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
    "pdf_max_reread": "SCORECARD_PDF_MAX_REREAD",
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
    pdf_max_reread: int = 4
    extract_pool_slots: int = 0
    """0: computed from the machine's memory (:meth:`pool_slots`)."""

    def pool_slots(self) -> int:
        """How many limited children may run at once: the setting, else half the machine's
        memory over each child's memory limit (at least one)."""
        if self.extract_pool_slots > 0:
            return self.extract_pool_slots
        return max(1, machine_memory() // 2 // max(1, self.extract_memory_bytes))

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by whichever variables are set."""
        return read_limits()


def describe(limit: str, value: float) -> str:
    """A limit's value as a person reads it (MiB for bytes, s for seconds)."""
    if limit.endswith("_bytes"):
        return f"{value / MIB:,.0f} MiB"
    if limit.endswith("_seconds"):
        return f"{value:g} s"
    return f"{value:,.0f}"


_DOCS = {
    "extract_cpu_seconds": "CPU time of one report's extraction",
    "extract_wall_seconds": "wall time of one report's extraction",
    "extract_memory_bytes": "address space of the extraction process",
    "fetch_deadline_seconds": "one download: every try, redirect and read",
    "fetch_max_bytes": "body size, counted after any decompression",
    "pdf_max_inflated_bytes": "all streams of one PDF, decompressed",
    "pdf_max_pages": "pages of one report",
    "pdf_max_glyphs": "glyphs drawn (a Form XObject counts each time it is drawn)",
    "pdf_max_operators": "content-stream operators (strings and comments too), counted likewise",
    "pdf_max_xobject_uses": "Form XObjects drawn, nesting multiplied out",
    "pdf_max_reread": "times the pre-scan may read each byte of a PDF (an object hidden in "
    "another's string is read again; more means a file built to make readers work)",
}


def _scale(variable: str) -> int:
    return MIB if variable.endswith("_MB") else 1


def _default(name: str, variable: str) -> str:
    value = getattr(Limits, name) / _scale(variable)
    return f"{value:.0f}" if value == int(value) else f"{value}"


LIMITS: dict[str, Setting] = {
    name: declare(variable, _default(name, variable), _DOCS[name], group="limits")
    for name, variable in SETTING_NAMES.items()
}
POOL_SLOTS = declare(
    "SCORECARD_EXTRACT_POOL_SLOTS",
    None,
    f"fetches and extractions running at once (Airflow pool `{EXTRACT_POOL}`), each a child "
    "process within the memory limit above",
    group="limits",
    shown="half the machine's memory ÷ `SCORECARD_EXTRACT_MEMORY_MB`",
)
ALLOW_ADDRESSES = declare(
    "SCORECARD_FETCH_ALLOW_ADDRESSES",
    None,
    "IPs/CIDRs (comma-separated) a fetch may reach although they are not public "
    "(tests: `127.0.0.1`)",
    group="limits",
    shown="(none)",
)


def read_limits() -> Limits:
    """The defaults, overridden by whichever variables are set."""
    values: dict[str, object] = {}
    for name, setting in LIMITS.items():
        number = setting.number() * _scale(setting.name)
        values[name] = int(number) if isinstance(getattr(Limits, name), int) else number
    allow = ALLOW_ADDRESSES.raw() or ""
    values["fetch_allow_addresses"] = tuple(a.strip() for a in allow.split(",") if a.strip())
    values["extract_pool_slots"] = max(0, POOL_SLOTS.integer()) if POOL_SLOTS.raw() else 0
    return Limits(**values)  # type: ignore[arg-type]


def machine_memory() -> int:
    """Bytes of memory this machine (or its container's memory limit, cgroup v2) provides."""
    total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return int(total)
    return int(min(total, int(limit))) if limit.isdigit() else int(total)
