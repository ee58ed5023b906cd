"""The limits on hostile input (:class:`scorecard.limits.Limits`), read from the environment.

Each limit's default is the :class:`~scorecard.limits.Limits` field's, shown in the unit of its
variable (MiB for ``_MB``), so the default is written once.
"""

from __future__ import annotations

from scorecard.limits import MIB, SETTING_NAMES, Limits
from scorecard.settings.env import Setting, declare

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
