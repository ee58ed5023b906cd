"""Cutting a page's table body into row bands, and each band into its seven cells.

Every body line lands in exactly one band (a line's middle decides), and every word of it in
exactly one cell: the page's glyph accounting relies on it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.extract.grid import banner_name, word_column
from scorecard.extract.rulings import Fill
from scorecard.extract.words import Line, Word, line_of


@dataclass(slots=True)
class Band:
    """One table row on one page: a banner, or the lines of each of the seven cells."""

    top: float
    bottom: float
    banner: str | None
    cells: list[list[Line]]
    fills: list[Fill | None]
    banner_line: Line | None = None

    @property
    def glyphs(self) -> int:
        """Drawn glyphs in this band."""
        if self.banner_line is not None:
            return self.banner_line.glyphs
        return sum(line.glyphs for cell in self.cells for line in cell)


def split_bands(
    body_lines: Sequence[Line],
    cuts: Sequence[float],
    bounds: Sequence[float],
    fills: Sequence[Fill],
    body: tuple[float, float],
) -> list[Band]:
    """Cut the body into row bands at ``cuts`` and split each band's lines into cells; lines
    below the last cut (or the body) fall into the last band."""
    edges = [body[0], *[c for c in cuts if body[0] < c < body[1]], body[1]]
    bands: list[Band] = []
    lines = list(body_lines)
    index = 0
    pairs = list(itertools.pairwise(edges))
    for number, (top, bottom) in enumerate(pairs):
        members: list[Line] = []
        last = number == len(pairs) - 1
        while index < len(lines) and (
            last or (lines[index].top + lines[index].bottom) / 2 < bottom
        ):
            members.append(lines[index])
            index += 1
        if members:
            bands.extend(_bands_of(members, top, bottom, bounds, fills))
    return bands


def _bands_of(
    members: list[Line], top: float, bottom: float, bounds: Sequence[float], fills: Sequence[Fill]
) -> list[Band]:
    """The band of these lines, split where a banner line sits among them."""
    bands: list[Band] = []
    chunk: list[Line] = []
    chunk_top = top
    for line in members:
        name = banner_name(line)
        if name is None:
            chunk.append(line)
            continue
        if chunk:
            bands.append(_cell_band(chunk, chunk_top, line.top, bounds, fills))
        bands.append(Band(line.top, line.bottom, name, [], [], banner_line=line))
        chunk, chunk_top = [], line.bottom
    if chunk:
        bands.append(_cell_band(chunk, chunk_top, bottom, bounds, fills))
    return bands


def _cell_band(
    members: list[Line], top: float, bottom: float, bounds: Sequence[float], fills: Sequence[Fill]
) -> Band:
    """A measure band: each line's words distributed over the seven cells."""
    cells: list[list[Line]] = [[] for _ in range(len(bounds) + 1)]
    for line in members:
        per_column: dict[int, list[Word]] = {}
        for word in line.words:
            per_column.setdefault(word_column(word, bounds), []).append(word)
        for column, words in per_column.items():
            cells[column].append(line_of(words))
    return Band(top, bottom, None, cells, _cell_fills(top, bottom, bounds, fills))


def _cell_fills(
    top: float, bottom: float, bounds: Sequence[float], fills: Sequence[Fill]
) -> list[Fill | None]:
    """For each column, the largest coloured fill lying inside that cell of the band."""
    edges = [float("-inf"), *bounds, float("inf")]
    result: list[Fill | None] = []
    for left, right in itertools.pairwise(edges):
        inside = [
            f
            for f in fills
            if f.x0 >= left - 1 and f.x1 <= right + 1 and top <= (f.top + f.bottom) / 2 <= bottom
        ]
        result.append(max(inside, key=lambda f: (f.x1 - f.x0) * (f.bottom - f.top), default=None))
    return result
