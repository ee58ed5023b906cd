"""How each status looks: its colour, the ink written on it, its pattern and its point shape.

The statuses are the one vocabulary every active layout profile can produce
(:func:`scorecard.profiles.vocabulary.vocabulary`, in the scorecard's order, each with the
colour its profile declares) plus :data:`NO_STATUS` for an empty cell. Everything that shows a
status takes it from here: the charts, the stylesheet's status classes (written by
:func:`stylesheet`), and the marts' ``status_rank`` and ``status_colour`` (the seed
``dbt_project/seeds/status_vocabulary.csv`` holds :func:`seed_rows`; a test keeps them equal).

The declared colours stay apart under deuteranopia, protanopia and tritanopia as well as for
normal vision (the tests simulate them and measure the distance of every pair), and status is
never shown by colour alone: every status also has a pattern on bar segments, a point shape in
charts, and its name in text.
"""

from __future__ import annotations

from collections.abc import Iterator

from scorecard.profiles.vocabulary import vocabulary

NO_STATUS = "No status"
"""The legend entry of a measure without a status."""
NO_STATUS_COLOUR = "#d5d5d5"

_WORDS = vocabulary()

STATUSES: tuple[str, ...] = (*_WORDS.statuses, NO_STATUS)
"""Every status the site and the marts show, in rank order (Red first)."""

COLOURS: dict[str, str] = {
    **{status: _WORDS.colours[status].lower() for status in _WORDS.statuses},
    NO_STATUS: NO_STATUS_COLOUR,
}
"""Fill colour of each status (hex, lower case): the one its layout profile declares."""

INK = "#1f2933"
"""Dark text colour of the site."""


def _luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink_on(colour: str) -> str:
    """White or the site's ink, whichever stands out more on ``colour`` (WCAG contrast)."""
    fill = _luminance(colour)
    white = 1.05 / (fill + 0.05)
    dark = (fill + 0.05) / (_luminance(INK) + 0.05)
    return "#ffffff" if white >= dark else INK


TEXT_ON: dict[str, str] = {status: _ink_on(COLOURS[status]) for status in STATUSES}
"""The text colour written on each status fill (the one with more contrast)."""

_SHAPES = ("triangle-down", "diamond", "circle", "square", "cross", "triangle-up")
SHAPES: dict[str, str] = {
    **{status: _SHAPES[i % len(_SHAPES)] for i, status in enumerate(_WORDS.statuses)},
    NO_STATUS: "stroke",
}
"""The Vega point shape of each status in charts (in rank order; no status: a stroke)."""

_STRIPE = "rgba(255, 255, 255, 0.45)"
_DARK = "rgba(31, 41, 51, 0.35)"
_PATTERNS = (
    ("diagonal stripes", f"repeating-linear-gradient(45deg, {_STRIPE} 0 3px, transparent 3px 8px)"),
    ("dots", f"radial-gradient({_DARK} 1.2px, transparent 1.6px) 0 0 / 6px 6px"),
    ("plain", "none"),
    ("horizontal lines", f"repeating-linear-gradient(0deg, {_STRIPE} 0 2px, transparent 2px 6px)"),
    ("vertical lines", f"repeating-linear-gradient(90deg, {_STRIPE} 0 2px, transparent 2px 6px)"),
    (
        "crossing stripes",
        f"repeating-linear-gradient(-45deg, {_STRIPE} 0 2px, transparent 2px 6px)",
    ),
)
_PATTERN_OF = {
    **{status: _PATTERNS[i % len(_PATTERNS)] for i, status in enumerate(_WORDS.statuses)},
    NO_STATUS: ("plain, light grey", "none"),
}
PATTERNS: dict[str, str] = {status: css for status, (_, css) in _PATTERN_OF.items()}
"""A CSS background pattern over each status's fill (stripes, dots, lines, or none)."""
PATTERN_NAMES: dict[str, str] = {status: name for status, (name, _) in _PATTERN_OF.items()}
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
