"""Where a chart's value labels go, so that no two collide and none covers a point.

Vega draws the charts, but its label transform needs a canvas that the server-side renderer
lacks, so labels are placed here, before drawing: each chart fixes its own scales (the y domain
from :func:`nice_domain`, the x positions of a point scale), which makes every point's pixel
position known. Labels are placed in order of importance - the latest figure first, then the
highest and lowest, then the rest from the latest back - each in the first place (above its
point, below it, or either nudged a little sideways) that overlaps no label already placed and no
point or target tick; a label with no such place is left out (the value is still in the table
under the chart and in the point's tooltip). The widths are estimated from the characters,
generously, and the browser test measures the drawn labels for overlaps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

NARROW = frozenset(".,:;' ()[]|!il-")
"""Characters narrower than a digit (digits are all one width in the usual fonts)."""
WIDE = frozenset("%MWmw@")


def text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width of ``text`` at font ``size`` (px), bold."""
    units = sum(0.34 if c in NARROW else 0.95 if c in WIDE else 0.62 for c in text)
    return units * size * 1.12 + 2


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


def nice_domain(values: Sequence[float], *, headroom: float = 0.12) -> tuple[float, float]:
    """A y domain holding ``values`` with room above and below for labels, on round numbers."""
    low, high = min(values), max(values)
    if math.isclose(low, high):
        spread = abs(low) * 0.1 or 1.0
        low, high = low - spread, high + spread
    pad = (high - low) * headroom
    low, high = low - pad, high + pad
    step = _nice_step((high - low) / 5)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    nice = (
        1
        if fraction <= 1
        else 2
        if fraction <= 2
        else 2.5
        if fraction <= 2.5
        else 5
        if fraction <= 5
        else 10
    )
    return nice * 10**exponent


def point_x(index: int, count: int, width: float, padding: float = 0.5) -> float:
    """The x pixel of the ``index``-th of ``count`` positions on a Vega point scale."""
    step = width / max(count - 1 + 2 * padding, 1e-9)
    return (padding + index) * step


def value_y(value: float, domain: tuple[float, float], height: float) -> float:
    """The y pixel of ``value`` on a linear scale over ``domain`` (top = ``height`` px up)."""
    low, high = domain
    return height * (1 - (value - low) / (high - low))


def pixel_value(y: float, domain: tuple[float, float], height: float) -> float:
    """The value at y pixel ``y`` (the inverse of :func:`value_y`)."""
    low, high = domain
    return low + (1 - y / height) * (high - low)


def around(x: float, y: float, half_width: float, half_height: float) -> Box:
    """The box of a mark centred on (x, y)."""
    return Box(x - half_width, y - half_height, x + half_width, y + half_height)


@dataclass(frozen=True)
class Anchor:
    """A point to label: its pixel position and its label's text."""

    x: float
    y: float
    text: str


def label_box(anchor: Anchor, dx: float, dy: float, size: float) -> Box:
    """The room a label of ``anchor`` takes, centred ``dx``, ``dy`` pixels from its point."""
    return around(anchor.x + dx, anchor.y + dy, text_width(anchor.text, size) / 2, size * 0.62)


def place(
    anchors: Sequence[Anchor],
    order: Sequence[int],
    *,
    width: float,
    height: float,
    size: float,
    radius: float = 7.0,
    obstacles: Sequence[Box] = (),
) -> dict[int, tuple[float, float]]:
    """The offset (dx, dy) in pixels of the centre of each placed label from its anchor, by
    anchor index (missing: left out).

    Each label is tried centred above its point, below it, then nudged a little sideways
    (never so far that it could be read as a neighbour's). ``order`` is the order of importance; ``obstacles`` are further marks no label may
    cover (first-reported values, target ticks). A label may reach a little past the top and
    the right of the plot, into the chart's padding (``size`` and ``1.5 * size`` pixels), but
    not into the axes on the left and at the bottom.
    """
    taken: list[Box] = []
    points = [around(a.x, a.y, radius, radius) for a in anchors] + list(obstacles)
    gap = radius + 3
    placed: dict[int, tuple[float, float]] = {}
    for index in order:
        anchor = anchors[index]
        half = text_width(anchor.text, size) / 2
        vertical = gap + size * 0.62
        nudge = half * 0.4
        for dx, dy in (
            (0.0, -vertical),
            (0.0, vertical),
            (nudge, -vertical),
            (-nudge, -vertical),
            (nudge, vertical),
            (-nudge, vertical),
        ):
            box = label_box(anchor, dx, dy, size)
            if not (
                box.x0 >= -2
                and box.x1 <= width + 1.5 * size
                and box.y0 >= -size
                and box.y1 <= height + 2
            ):
                continue
            if any(box.overlaps(other) for other in taken) or any(
                box.overlaps(point) for point in points
            ):
                continue
            taken.append(box)
            placed[index] = (dx, dy)
            break
    return placed


def importance(values: Sequence[float | None]) -> list[int]:
    """Indexes of the numeric ``values`` in order of importance: the last, the highest, the
    lowest, then the others from the last back."""
    present = [i for i, v in enumerate(values) if v is not None]
    if not present:
        return []
    first = [present[-1]]
    highest = max(present, key=lambda i: (values[i], i))
    lowest = min(present, key=lambda i: (values[i], -i))
    for index in (highest, lowest):
        if index not in first:
            first.append(index)
    return first + [i for i in reversed(present) if i not in first]
