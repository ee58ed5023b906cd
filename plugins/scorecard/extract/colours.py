"""Status colours by hue family, so that any traffic-light palette reads the same.

Reports drift between palettes: the real report's soft reds and ambers, Office's (amber
``#FFC000``), GOV.UK's, pastel shades, a salmon red. Thresholds on raw RGB mistake a yellow
amber for green and a salmon red for amber; the hue does not. Greys and near-whites (header
fills, zebra stripes) have no status colour; purples and other hues are left unclassified.
"""

from __future__ import annotations

import colorsys

# Hue family boundaries, in degrees: [start, end) -> name.
_FAMILIES: tuple[tuple[float, float, str], ...] = (
    (0.0, 16.0, "Red"),
    (16.0, 68.0, "Amber"),
    (68.0, 170.0, "Green"),
    (170.0, 255.0, "Blue"),
    (330.0, 360.0, "Red"),
)
# Below this saturation a fill is grey (or white when also very light).
_GREY_SATURATION = 0.07
_WHITE = 0.93


def colour_name(rgb: tuple[float, float, float] | None) -> str | None:
    """Red, Amber, Green, Blue, 'grey' or 'white' for a fill colour; None when it is none of
    these (a purple, a pink, or no colour at all)."""
    if rgb is None:
        return None
    hue = colorsys.rgb_to_hsv(*rgb)[0]
    if min(rgb) > _WHITE:
        return "white"
    value = max(rgb)
    chroma = value - min(rgb)
    if chroma < 0.05 or (value > 0 and chroma / value < _GREY_SATURATION):
        return "grey"
    degrees = hue * 360.0
    for start, end, name in _FAMILIES:
        if start <= degrees < end:
            return name
    return None
