"""The font faces of the `font` axis, found through fontconfig (no font files in the repo).

`helvetica` and `times` are the PDF standard fonts for reportlab and their metric-compatible
Liberation faces for the producers that embed fonts. DejaVu Sans and Serif carry real `liga`
ligatures (WeasyPrint shapes them with Pango) and the compatibility ligature code points
(U+FB00..FB04) that the other producers draw when the `ligatures` axis is on.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont

LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}


@dataclass(frozen=True)
class Face:
    """One font family: its fontconfig name and, for reportlab, a standard-font pair."""

    family: str
    standard: tuple[str, str] | None = None  # (regular, bold) PDF standard fonts


FACES = {
    "helvetica": Face("Liberation Sans", ("Helvetica", "Helvetica-Bold")),
    "times": Face("Liberation Serif", ("Times-Roman", "Times-Bold")),
    "dejavu-sans": Face("DejaVu Sans"),
    "dejavu-serif": Face("DejaVu Serif"),
    "liberation-narrow": Face("Liberation Sans Narrow"),
}


@cache
def font_file(family: str, bold: bool) -> str:
    """The TrueType file fontconfig picks for a family; an error if it substitutes another."""
    pattern = f"{family}:{'bold' if bold else 'regular'}"
    out = subprocess.run(
        ["fc-match", "-f", "%{family}|%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout
    names, path = out.rsplit("|", 1)
    if family not in names.split(","):
        raise RuntimeError(f"font {family!r} is not installed (fontconfig offers {names!r})")
    return path


@cache
def ligature_chars(path: str) -> frozenset[str]:
    """The compatibility ligature characters a font file has glyphs for."""
    cmap = TTFont(path, lazy=True).getBestCmap()
    return frozenset(ch for ch in LIGATURES.values() if ord(ch) in cmap)


def ligate(text: str, available: frozenset[str]) -> str:
    """Replace letter pairs and triples by the compatibility ligatures the font has."""
    for letters, ligature in LIGATURES.items():
        if ligature in available:
            text = text.replace(letters, ligature)
    return text
