"""The limits on hostile input, and their settings: each limit's default is the :class:`Limits`
field's, shown in the unit of its variable (MiB for ``_MB``), so the default is written once.

A hostile or broken PDF must not take the machine with it: the fetch step refuses a body that is
too big, too slow or decompresses too far, the PDF pre-scan (:mod:`scorecard.pdf.scan`) refuses
a document whose pages, glyphs, operators or nested Form XObjects pass a cap, and extraction
runs in a child process with CPU, wall-time and memory limits (:mod:`scorecard.pdf.isolation`).
Every one of these ends as a :class:`~scorecard.pdf.limits.ResourceLimit` naming the file, the
limit and its setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.settings.env import Setting, declare

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
    "pdf_max_operators": "content-stream operators, counted likewise",
    "pdf_max_xobject_uses": "Form XObjects drawn, nesting multiplied out",
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
    return Limits(**values)  # type: ignore[arg-type]
