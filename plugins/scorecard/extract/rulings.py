"""Ruling lines and coloured fills of a page, from its drawn lines and rectangles.

A table may be drawn as a full grid of cell boxes, with horizontal rules only, or with no
rulings at all; the extractor uses whatever is there and falls back to text gaps elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle (status cells, banners) with its colour reduced to RGB."""

    x0: float
    x1: float
    top: float
    bottom: float
    rgb: tuple[float, float, float]


@dataclass(slots=True)
class Rulings:
    """Horizontal and vertical ruling segments of a page (from lines and rectangle edges)."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # (x, top, bottom)
    fills: list[Fill] = field(default_factory=list)

    def spanning(self, x0: float, x1: float, low: float, high: float) -> list[float]:
        """Y of the horizontal rulings that cover [x0, x1] and lie in [low, high], merged
        when closer than 1.5 pt, top down."""
        ys = sorted(
            y
            for y, sx0, sx1 in self.horizontal
            if sx0 <= x0 + 2 and sx1 >= x1 - 2 and low - 1 <= y <= high + 1
        )
        merged: list[float] = []
        for y in ys:
            if not merged or y - merged[-1] > 1.5:
                merged.append(y)
        return merged


def to_rgb(colour: Any) -> tuple[float, float, float] | None:
    """A fill colour as RGB in 0..1 (gray, RGB and CMYK operands), None for patterns."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not all(isinstance(v, int | float) for v in colour):
        return None
    if len(colour) == 1:
        return (float(colour[0]),) * 3
    if len(colour) == 3:
        return (float(colour[0]), float(colour[1]), float(colour[2]))
    if len(colour) == 4:
        c, m, y, k = (float(v) for v in colour)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def find_rulings(page_lines: Iterable[dict[str, Any]], rects: Iterable[dict[str, Any]]) -> Rulings:
    """Ruling segments from drawn lines and rectangle edges, and the coloured fills."""
    rulings = Rulings()
    for line in page_lines:
        _add_segment(rulings, line["x0"], line["x1"], line["top"], line["bottom"])
    for rect in rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if rect.get("fill"):
            rgb = to_rgb(rect.get("non_stroking_color"))
            if rgb is not None and min(rgb) < 0.93 and x1 - x0 > 2 and bottom - top > 2:
                rulings.fills.append(Fill(x0, x1, top, bottom, rgb))
        if x1 - x0 < 2 or bottom - top < 2:
            _add_segment(rulings, x0, x1, top, bottom)
            continue
        rulings.horizontal += [(top, x0, x1), (bottom, x0, x1)]
        rulings.vertical += [(x0, top, bottom), (x1, top, bottom)]
    return rulings


def _add_segment(rulings: Rulings, x0: float, x1: float, top: float, bottom: float) -> None:
    """Record a thin line or thin rectangle as a horizontal or vertical ruling."""
    if bottom - top <= 2 and x1 - x0 > bottom - top:
        rulings.horizontal.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= 2:
        rulings.vertical.append(((x0 + x1) / 2, top, bottom))
