"""Small, shared wording of the site: figures as printed, statuses, polarity, sources, slugs.

Values are returned as plain text; escaping is the templates' job (autoescape), so nothing
here builds HTML.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from scorecard.site.palette import NO_STATUS, status_slug

POLARITY = {
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
    "unknown": "Polarity unknown",
}
POLARITY_SOURCE = {
    "seeded": "from the project's list of measure polarities",
    "inferred": "inferred from the statuses the reports gave its figures",
    "unknown": "neither listed nor inferable, so on-target is not assessed",
}
UNIT_KIND = {
    "percentage": "Percentage (changes in percentage points)",
    "rate per N": "Rate (changes in per cent)",
    "count": "Count (changes in per cent)",
    "score": "Score (changes in per cent)",
    "text": "Text: the reports print words, not numbers",
}
ACCUMULATION = {
    "point": "Point in time: a snapshot or rate, comparable quarter to quarter",
    "year_to_date": (
        "Year to date: counted from 1 April, so it builds through the year and restarts each "
        "April; compared with the same quarter last year"
    ),
    "annual": "Annual: collected once a year; compared year on year",
    "unknown": (
        "Unknown: the reports do not say whether it is a snapshot or a running total, so no "
        "change is computed and it is never ranked as a mover"
    ),
}
SOURCE = {
    "seeded": "set in the project's list of measure semantics",
    "inferred": "inferred",
    "unknown": "",
}
LINK_SCHEMES = ("http", "https", "file")


def number(value: Any, unit: str | None = None) -> str:
    """A number as an analyst reads it: thousands separators, at most 2 decimals, % if unit."""
    if value is None:
        return "-"
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else text


def figure(value: Any, printed: str | None, unit: str | None) -> str:
    """A figure as the report printed it (falls back to the formatted number)."""
    if printed and printed.strip():
        return " ".join(printed.split())
    return number(value, unit) if value is not None else "-"


def status_label(status: str | None) -> str:
    """The status as text (the raw value when it is not one of the known statuses)."""
    return status if status else NO_STATUS


def status_class(status: str | None) -> str:
    """The CSS class of a status (``status-red``, ``status-no-status``, ...)."""
    return "status-" + status_slug(status)


def pages_text(first: Any, last: Any) -> str:
    """``p. 3`` or ``pp. 3-4``; empty when unknown."""
    if first is None:
        return ""
    return f"p. {first}" if last in (None, first) else f"pp. {first}-{last}"


def source_link(uri: str | None) -> tuple[str | None, str]:
    """(href or None, display name) of a report's source: only http(s) and file links."""
    if not uri:
        return None, "unknown source"
    if uri.startswith("/"):
        return PurePosixPath(uri).as_uri(), PurePosixPath(uri).name
    parsed = urlparse(uri)
    name = PurePosixPath(unquote(parsed.path)).name or uri
    return (uri if parsed.scheme.lower() in LINK_SCHEMES else None), name


def slugs(codes: list[str]) -> dict[str, str]:
    """A file name per measure code: readable, unique, stable (a hash settles collisions)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for code in sorted(codes):
        slug = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-") or "measure"
        if slug in taken:
            slug += "-" + hashlib.sha256(code.encode()).hexdigest()[:8]
        taken.add(slug)
        out[code] = slug
    return out
