"""Colour-vision deficiency, simulated: how a colour looks under protanopia, deuteranopia or
tritanopia (Machado, Oliveira and Fernandes 2009, severity 1, applied in linear RGB), and how
far apart two colours look (CIEDE2000 in CIELAB, D65). A test kit: the product only has to
keep its palette apart; this is how the tests check it."""

from __future__ import annotations

import math

MACHADO = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("normal", *MACHADO)

RGB = tuple[float, float, float]


def parse(colour: str) -> RGB:
    """``#rrggbb`` or a browser's ``rgb(r, g, b)`` as 0-1 floats."""
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    inner = colour[colour.index("(") + 1 : colour.index(")")]
    r, g, b = (float(part) / 255 for part in inner.split(",")[:3])
    return r, g, b


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(rgb: RGB, vision: str) -> RGB:
    """``rgb`` as seen with ``vision`` (one of :data:`VISIONS`)."""
    if vision == "normal":
        return rgb
    linear = [_linear(c) for c in rgb]
    r, g, b = (
        _gamma(sum(m * x for m, x in zip(row, linear, strict=True))) for row in MACHADO[vision]
    )
    return r, g, b


def lab(rgb: RGB) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(one: RGB, other: RGB) -> float:
    """CIEDE2000 distance between two colours (about 2.3 is just noticeable; 10 is obvious)."""
    (l1, a1, b1), (l2, a2, b2) = lab(one), lab(other)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    mean_c = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    big_dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        mean_h = h1p + h2p
    elif abs(h1p - h2p) > 180:
        mean_h = (h1p + h2p + 360) / 2
    else:
        mean_h = (h1p + h2p) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    theta = 30 * math.exp(-(((mean_h - 275) / 25) ** 2))
    rc = 2 * math.sqrt(mean_cp**7 / (mean_cp**7 + 25**7))
    sl = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    sc = 1 + 0.045 * mean_cp
    sh = 1 + 0.015 * mean_cp * t
    rt = -math.sin(math.radians(2 * theta)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (big_dh / sh) ** 2 + rt * (dc / sc) * (big_dh / sh)
    )


def closest_pair(colours: dict[str, RGB], vision: str) -> tuple[float, str, str]:
    """The two colours that look most alike with ``vision``, and how far apart they look."""
    seen = {name: simulate(rgb, vision) for name, rgb in colours.items()}
    names = sorted(seen)
    return min(
        (delta_e(seen[a], seen[b]), a, b) for i, a in enumerate(names) for b in names[i + 1 :]
    )


def contrast(one: RGB, other: RGB) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(rgb: RGB) -> float:
        r, g, b = (_linear(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
