"""The zoo's style axes: every way a faithful rendering of the same report may look different.

A `ZooStyle` picks one value per axis; the first value of each axis in `AXES` is the base. The
producers (reportlab, WeasyPrint, fpdf2) render any style they support (`SUPPORTED` lists the
values a producer cannot express). Content axes (`quotes`, `code_shapes`, `source_note`) change
the report's text, and the expected extraction with it; all other axes change only the look.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

RGB = tuple[float, float, float]
PRODUCERS = ("reportlab", "weasyprint", "fpdf2")


def _hex(code: str) -> RGB:
    """'#FFC000' -> (1.0, 0.75, 0.0)."""
    return tuple(int(code[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


# Status fills per palette (N/A and Annual Collection keep neutral fills in every palette).
PALETTES: dict[str, dict[str, RGB]] = {
    "real": {"Red": (1.0, 0.38, 0.38), "Amber": (1.0, 0.76, 0.25), "Green": (0.45, 0.82, 0.45),
             "Blue": (0.42, 0.65, 1.0)},
    "office": {"Red": _hex("#FF0000"), "Amber": _hex("#FFC000"), "Green": _hex("#00B050"),
               "Blue": _hex("#0070C0")},
    "govuk": {"Red": _hex("#D4351C"), "Amber": _hex("#F47738"), "Green": _hex("#00703C"),
              "Blue": _hex("#1D70B8")},
    "pastel": {"Red": _hex("#F4CCCC"), "Amber": _hex("#FFE599"), "Green": _hex("#D9EAD3"),
               "Blue": _hex("#CFE2F3")},
    "salmon": {"Red": _hex("#FA8072"), "Amber": _hex("#FFBF00"), "Green": _hex("#90EE90"),
               "Blue": _hex("#87CEEB")},
}  # fmt: skip
NEUTRAL_FILLS: dict[str, RGB] = {"N/A": (0.8, 0.8, 0.8), "Annual Collection": (0.82, 0.74, 0.95)}
COLOURED = ("Red", "Amber", "Green", "Blue")  # statuses a fill alone can show

# Table width fractions per column layout.
COLUMNS: dict[str, tuple[float, ...]] = {
    "real": (112, 62, 62, 62, 190, 184, 130),
    "alt": (130, 72, 72, 66, 160, 150, 140),
    "narrow-details": (78, 66, 66, 60, 200, 190, 142),
    "wide-commentary": (100, 58, 58, 52, 230, 180, 124),
    # narrow details and status columns: status lines wrap ("Quarterly" / "data") and the long
    # word "rehabilitation/intermediate" overflows into the status cell on its "Actual" line
    "narrow-status": (70, 44, 44, 58, 222, 200, 160),
}
PAGE_SIZES: dict[str, tuple[float, float]] = {  # landscape, in points
    "A4": (841.89, 595.28),
    "A3": (1190.55, 841.89),
    "Letter": (792.0, 612.0),
}

AXES: dict[str, tuple[str, ...]] = {
    "font": ("helvetica", "times", "dejavu-sans", "dejavu-serif", "liberation-narrow"),
    "ligatures": ("off", "on"),
    "letter_spacing": ("none", "irregular", "wide"),
    "palette": tuple(PALETTES),
    "rulings": ("grid", "horizontal", "none"),
    "columns": tuple(COLUMNS),
    "page_size": tuple(PAGE_SIZES),
    "rotation": ("0", "90"),
    "front": ("none", "cover", "cover-key"),
    "back": ("none", "notes"),
    "header_repeat": ("yes", "no"),
    "title_lines": ("3", "1"),
    "period": ("31-Mar-2018", "31 March 2018", "31/03/2018"),
    "row_split": ("keep", "split"),
    "code_wrap": ("inline", "own-line", "wrapped"),
    "hyphen_wrap": ("off", "on"),
    "soft_hyphens": ("off", "on"),  # the producer hyphenates long words (drawn U+00AD / U+2010)
    "faux_bold": ("off", "on"),
    "superscripts": ("off", "on"),
    "status_display": ("label", "colour-only"),
    "status_text": ("black", "white"),  # white: the text of dark status fills is drawn white
    "quotes": ("mismapped", "curly", "straight"),
    "code_shapes": ("real", "other"),
    "source_note": ("off", "on"),
}
STANDARD_FONTS = ("helvetica", "times")  # drawn with the PDF standard fonts by reportlab
CONTENT_AXES = ("quotes", "code_shapes", "source_note")

# Axis values a producer cannot express (the matrix skips them, hypothesis never draws them).
UNSUPPORTED: dict[str, dict[str, tuple[str, ...]]] = {
    "weasyprint": {"letter_spacing": ("irregular",), "faux_bold": ("on",)},
    "fpdf2": {},
    "reportlab": {},
}


@dataclass(frozen=True)
class ZooStyle:
    """One value per axis (all strings, so a style prints and hashes simply)."""

    font: str = "helvetica"
    ligatures: str = "off"
    letter_spacing: str = "none"
    palette: str = "real"
    rulings: str = "grid"
    columns: str = "real"
    page_size: str = "A4"
    rotation: str = "0"
    front: str = "none"
    back: str = "none"
    header_repeat: str = "yes"
    title_lines: str = "3"
    period: str = "31-Mar-2018"
    row_split: str = "keep"
    code_wrap: str = "inline"
    hyphen_wrap: str = "off"
    soft_hyphens: str = "off"
    faux_bold: str = "off"
    superscripts: str = "off"
    status_display: str = "label"
    status_text: str = "black"
    quotes: str = "mismapped"
    code_shapes: str = "real"
    source_note: str = "off"

    def varied(self) -> dict[str, str]:
        """The axes where this style differs from the base, e.g. {"palette": "office"}."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) != AXES[f.name][0]}

    def label(self) -> str:
        """A short stable name: "base" or "palette=office,rulings=none"."""
        varied = self.varied()
        return ",".join(f"{k}={v}" for k, v in varied.items()) or "base"


BASE = ZooStyle()


def fill_for(style: ZooStyle, status: str | None) -> RGB | None:
    """The fill of a status cell in the style's palette (None for an empty status)."""
    if status is None:
        return None
    return PALETTES[style.palette].get(status) or NEUTRAL_FILLS.get(status)


def ink_on(style: ZooStyle, fill: RGB | None) -> RGB:
    """The text colour on a cell fill: black, or white on a dark fill when the style says so."""
    dark = fill is not None and 0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2] < 0.6
    return (1.0, 1.0, 1.0) if style.status_text == "white" and dark else (0.0, 0.0, 0.0)


def supports(producer: str, style: ZooStyle) -> bool:
    """Whether `producer` can draw every axis value of `style` (reportlab's standard fonts have
    no soft hyphen glyph in their text layer: it reads as a space)."""
    if producer == "reportlab" and style.soft_hyphens == "on" and style.font in STANDARD_FONTS:
        return False
    return all(v not in UNSUPPORTED[producer].get(k, ()) for k, v in style.varied().items())


# An axis value shown together with another one it needs (ligatures need a font that has them).
NEEDS: dict[tuple[str, str], dict[str, str]] = {
    ("ligatures", "on"): {"font": "dejavu-sans"},
    ("soft_hyphens", "on"): {"font": "dejavu-serif"},
}


def with_value(axis: str, value: str, style: ZooStyle | None = None) -> ZooStyle:
    """`style` (the base by default) with one axis set, and whatever that value needs."""
    return replace(style or BASE, **{axis: value, **NEEDS.get((axis, value), {})})


def one_axis_styles() -> list[ZooStyle]:
    """The base, then every non-base value of every axis on top of the base."""
    return [BASE] + [with_value(axis, v) for axis, values in AXES.items() for v in values[1:]]


def mixed_styles(count: int, seed: int) -> list[ZooStyle]:
    """`count` styles with every axis drawn at random (fixed seed): combinations of axes."""
    rng = random.Random(seed)
    return [ZooStyle(**{a: rng.choice(v) for a, v in AXES.items()}) for _ in range(count)]


def parse_label(label: str) -> ZooStyle:
    """The inverse of `ZooStyle.label` (for reproducing one rendering from the command line)."""
    if label == "base":
        return BASE
    pairs = dict(item.split("=", 1) for item in label.split(","))
    for axis, value in pairs.items():
        if axis not in AXES or value not in AXES[axis]:
            raise ValueError(f"unknown style axis value {axis}={value}")
    return replace(BASE, **pairs)
