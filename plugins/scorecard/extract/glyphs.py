"""Glyphs as a reader sees them: compatibility ligatures expanded, faux-bold doubles collapsed.

pdfplumber gives one dict per drawn glyph, in drawing order. Before grouping them into words we
(1) expand the compatibility ligatures (U+FB00..U+FB06: ``ﬁ`` -> ``fi``; NFKC for those code
points only, so other text keeps its exact characters) and map the non-breaking hyphen to
``-`` (U+2010 HYPHEN is left for ``text`` to read: at a line end it is a producer's
hyphenation point, elsewhere a ``-``);
(2) fold a glyph drawn again at (almost) the same place right after itself into its first
copy: producers fake bold type by drawing each glyph, or each string, twice with a small
offset, which a position sort would read as ``RReedd`` (strings drawn twice are folded by
``words``, as whole runs: a lone glyph of other text that happens to coincide stays).
Nothing is dropped from the count: every drawn glyph is counted for the page's accounting.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Two copies of a glyph closer than this (in em of its size) are one glyph drawn twice.
DOUBLE_EM = 0.18
SOFT_HYPHEN = "\u00ad"
_HYPHENS = {"\u2011": "-"}  # U+2010 is kept: at a line end it marks a producer's hyphenation
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_MAPPED = {**_HYPHENS, **_LIGATURES}


@dataclass(slots=True)
class Box:
    """Text set on the page and where: points, top-down like pdfplumber."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float  # PDF y of the baseline (grows upwards)


@dataclass(slots=True)
class Glyph(Box):
    """One visible glyph (or a space, kept as a word separator); never changed once read."""

    count: int  # drawn glyphs this stands for (2 for a faux-bold pair; 0 for a space)


@dataclass(slots=True)
class GlyphCensus:
    """What a page's glyphs were, before any of them is placed: the accounting's totals."""

    drawn: int = 0  # visible glyphs drawn on the page (spaces excluded)
    doubled: int = 0  # of which second copies of faux-bold glyphs
    rotated: list[Glyph] | None = None  # visible glyphs not upright on the page


def read_glyphs(chars: Iterable[dict[str, Any]]) -> tuple[list[Glyph], GlyphCensus]:
    """Upright glyphs of a page in drawing order (doubles folded into their first copy), and
    the census of everything drawn; glyphs set at an angle are returned in the census."""
    census = GlyphCensus(rotated=[])
    glyphs: list[Glyph] = []
    for char in chars:
        text = char["text"]
        visible = bool(text.strip())
        glyph = Glyph(
            _MAPPED.get(text, text),
            char["x0"],
            char["x1"],
            char["top"],
            char["bottom"],
            char["size"],
            char["matrix"][5],
            1 if visible else 0,
        )
        upright = _horizontal(char["matrix"])
        if not visible:
            if upright:
                glyphs.append(glyph)
            continue
        census.drawn += 1
        if not upright:
            census.rotated.append(glyph)  # type: ignore[union-attr]
            continue
        twin = _twin(glyphs, glyph)
        if twin is not None:
            census.doubled += 1
            first = glyphs[twin]
            glyphs[twin] = Glyph(
                first.text, first.x0, first.x1, first.top, first.bottom, first.size,
                first.baseline, first.count + 1,
            )  # fmt: skip
            continue
        glyphs.append(glyph)
    return glyphs, census


def _horizontal(matrix: tuple[float, ...]) -> bool:
    """Whether a glyph sits on a horizontal baseline, reading left to right (pdfplumber's
    ``upright`` also accepts text turned by up to 45 degrees); a slant (oblique) is fine."""
    a, b, _, d = matrix[:4]
    return a > 0 and d > 0 and abs(b) <= 0.01 * a


def _twin(glyphs: list[Glyph], glyph: Glyph) -> int | None:
    """Index of the glyph drawn just before (or the one before that) when it is the same glyph
    at (almost) the same place: a string faked bold glyph by glyph."""
    for index in range(len(glyphs) - 1, max(len(glyphs) - 3, -1), -1):
        if same_place(glyphs[index], glyph):
            return index
    return None


def same_place(one: Glyph, other: Glyph) -> bool:
    """The same glyph drawn at (almost) the same place and size."""
    tolerance = DOUBLE_EM * max(one.size, 1.0)
    return (
        one.text == other.text
        and abs(one.x0 - other.x0) < tolerance
        and abs(one.baseline - other.baseline) < tolerance
        and abs(one.size - other.size) < 0.5
    )
