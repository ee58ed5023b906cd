"""Glyphs as a reader sees them: compatibility ligatures expanded, faux-bold doubles collapsed.

pdfplumber gives one dict per drawn glyph, in drawing order. Before grouping them into words we
(1) expand the compatibility ligatures (U+FB00..U+FB06: ``ﬁ`` -> ``fi``; NFKC for those code
points only, so other text keeps its exact characters) and map typographic hyphens to ``-``;
(2) drop a glyph drawn a second time at (almost) the same place: producers fake bold type by
drawing a string twice with a small offset, which a position sort would read as ``RReedd``.
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
_HYPHENS = {"\u2010": "-", "\u2011": "-"}
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_MAPPED = {**_HYPHENS, **_LIGATURES}


@dataclass(frozen=True, slots=True)
class Glyph:
    """One visible glyph (or a space, kept as a word separator), coordinates top-down."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float  # PDF y of the baseline (grows upwards)
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
    seen: dict[tuple[str, int], list[int]] = {}
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
        if not visible:
            if char["upright"]:
                glyphs.append(glyph)
            continue
        census.drawn += 1
        if not char["upright"]:
            census.rotated.append(glyph)  # type: ignore[union-attr]
            continue
        twin = _twin(seen, glyphs, glyph)
        if twin is not None:
            census.doubled += 1
            first = glyphs[twin]
            glyphs[twin] = Glyph(
                first.text, first.x0, first.x1, first.top, first.bottom, first.size,
                first.baseline, first.count + 1,
            )  # fmt: skip
            continue
        seen.setdefault((glyph.text, round(glyph.baseline)), []).append(len(glyphs))
        glyphs.append(glyph)
    return glyphs, census


def _twin(seen: dict[tuple[str, int], list[int]], glyphs: list[Glyph], glyph: Glyph) -> int | None:
    """Index of an earlier copy of the same glyph at (almost) the same place, if any."""
    tolerance = DOUBLE_EM * max(glyph.size, 1.0)
    key = round(glyph.baseline)
    for near in (key, key - 1, key + 1):
        for index in seen.get((glyph.text, near), ()):
            other = glyphs[index]
            if (
                abs(other.x0 - glyph.x0) < tolerance
                and abs(other.baseline - glyph.baseline) < tolerance
                and abs(other.size - glyph.size) < 0.5
            ):
                return index
    return None
