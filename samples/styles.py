"""The two rendering styles of the sample reports: page size, fonts, column widths, fills.

The default style reproduces the real PDF (A4 landscape, 7.5 pt Helvetica drawn letter by
letter); the alt style changes everything that may vary without changing the content. Their
values are data, in `styles.json` beside this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, letter

RGB = tuple[float, float, float]
PAGE_SIZES = {"A4": landscape(A4), "letter": landscape(letter)}


@dataclass(frozen=True)
class Style:
    """Everything about the look of a rendering that may vary without changing the content."""

    name: str
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    font: str
    bold_font: str
    font_size: float
    leading: float
    title_size: float
    column_widths: tuple[float, ...]  # fractions of the table width
    fills: dict[str, RGB]
    header_fill: RGB
    banner_fill: RGB
    letter_spacing: bool
    padding: float = 3.0
    min_start_lines: int = 4
    keep_together: bool = True  # move a row that would fit on a fresh page to the next page
    header_space: float = 0.0  # extra space under the page header
    line_width: float = 0.5
    word_gap_extra: float = 1.9  # added to the space width between words (letter-spaced style)


def _style(name: str, values: dict[str, Any]) -> Style:
    """A style from its entry in `styles.json` (lists become tuples, the page size a size)."""
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    fields["fills"] = {status: tuple(rgb) for status, rgb in values["fills"].items()}
    fields["pagesize"] = PAGE_SIZES[values["pagesize"]]
    return Style(name=name, **fields)


STYLES = {
    name: _style(name, values)
    for name, values in json.loads(
        Path(__file__).with_name("styles.json").read_text(encoding="utf-8")
    ).items()
}
DEFAULT, ALT = STYLES["default"], STYLES["alt"]
