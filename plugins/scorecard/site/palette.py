"""How each status looks: its colour, the ink written on it, its pattern and its point shape.

The statuses are the report's own vocabulary (:data:`scorecard.extract.model.STATUSES`, in the
scorecard's order) plus :data:`NO_STATUS` for an empty cell. Everything that shows a status
takes it from here: the charts, the stylesheet's status classes (written by
:func:`stylesheet`), and the marts' ``status_rank`` and ``status_colour`` (the seed
``dbt_project/seeds/status_vocabulary.csv`` holds :func:`seed_rows`; a test keeps them equal).

The colours stay apart under deuteranopia, protanopia and tritanopia as well as for normal
vision (CIEDE2000 distance of at least 14 between every pair once simulated; the tests check
it), and status is never shown by colour alone: every status also has a pattern on bar
segments, a point shape in charts, and its name in text.
"""

from __future__ import annotations

from collections.abc import Iterator

from scorecard.extract.model import STATUSES as REPORT_STATUSES

NO_STATUS = "No status"
"""The legend entry of a measure without a status."""

STATUSES: tuple[str, ...] = (*REPORT_STATUSES, NO_STATUS)
"""Every status the site and the marts show, in rank order (Red first)."""

COLOURS: dict[str, str] = dict(
    zip(
        STATUSES,
        ("#b1212a", "#e8900c", "#49bb7f", "#1652d3", "#636363", "#6a3d6e", "#d5d5d5"),
        strict=True,
    )
)
"""Fill colour of each status (hex, lower case)."""

INK = "#1f2933"
"""Dark text colour of the site."""

TEXT_ON: dict[str, str] = {
    status: "#ffffff" if status in {"Red", "Blue", "N/A", "Annual Collection"} else INK
    for status in STATUSES
}
"""The text colour written on each status fill (contrast of at least 4.5:1)."""

SHAPES: dict[str, str] = dict(
    zip(
        STATUSES,
        ("triangle-down", "diamond", "circle", "square", "cross", "triangle-up", "stroke"),
        strict=True,
    )
)
"""The Vega point shape of each status in charts."""

_STRIPE = "rgba(255, 255, 255, 0.45)"
_DARK = "rgba(31, 41, 51, 0.35)"
PATTERNS: dict[str, str] = dict(
    zip(
        STATUSES,
        (
            f"repeating-linear-gradient(45deg, {_STRIPE} 0 3px, transparent 3px 8px)",
            f"radial-gradient({_DARK} 1.2px, transparent 1.6px) 0 0 / 6px 6px",
            "none",
            f"repeating-linear-gradient(0deg, {_STRIPE} 0 2px, transparent 2px 6px)",
            f"repeating-linear-gradient(90deg, {_STRIPE} 0 2px, transparent 2px 6px)",
            f"repeating-linear-gradient(-45deg, {_STRIPE} 0 2px, transparent 2px 6px)",
            "none",
        ),
        strict=True,
    )
)
"""A CSS background pattern over each status's fill (stripes, dots, lines, or none)."""

PATTERN_NAMES: dict[str, str] = dict(
    zip(
        STATUSES,
        (
            "diagonal stripes",
            "dots",
            "plain",
            "horizontal lines",
            "vertical lines",
            "crossing stripes",
            "plain, light grey",
        ),
        strict=True,
    )
)
"""The pattern of each status in words (the legend says it)."""


def status_key(status: str | None) -> str:
    """The legend entry of a status: one of :data:`STATUSES` (unknown text maps to No status)."""
    return status if status in STATUSES else NO_STATUS


def status_slug(status: str | None) -> str:
    """The CSS class suffix of a status (``red``, ``n-a``, ``annual-collection``, ...)."""
    text = "".join(c if c.isalnum() else "-" for c in status_key(status).lower())
    return "-".join(part for part in text.split("-") if part)


def rank(status: str | None) -> int:
    """1 for Red, 2 Amber, 3 Green, 4 Blue, then N/A, Annual Collection, No status."""
    return STATUSES.index(status_key(status)) + 1


def seed_rows() -> Iterator[tuple[str, int, str]]:
    """(status, status_rank, status_colour): the rows of the marts' status vocabulary seed."""
    for status in STATUSES:
        yield status, rank(status), COLOURS[status]


def stylesheet() -> str:
    """The status classes of the site's stylesheet: badge colours (a badge names its status),
    and bar-segment and legend-swatch colours with their patterns."""
    lines = ["/* Written from scorecard.site.palette: do not edit. */", ":root {"]
    lines += [f"  --status-{status_slug(s)}: {COLOURS[s]};" for s in STATUSES]
    lines.append("}")
    for status in STATUSES:
        slug = status_slug(status)
        pattern = PATTERNS[status]
        background = f"{pattern}, {COLOURS[status]}" if pattern != "none" else COLOURS[status]
        lines += [
            f".status-{slug} {{ --fill: {COLOURS[status]}; --on-fill: {TEXT_ON[status]}; }}",
            f".badge.status-{slug} {{ background: {COLOURS[status]}; color: {TEXT_ON[status]}; }}",
            f".segment.status-{slug}, .swatch.status-{slug} "
            f"{{ background: {background}; color: {TEXT_ON[status]}; }}",
        ]
    return "\n".join(lines) + "\n"
