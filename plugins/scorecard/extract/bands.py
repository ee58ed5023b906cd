"""Cutting a page's table body into row bands, and each band into its cells.

Every body line lands in exactly one band (a line's middle decides), and every word of it in
exactly one cell: the page's glyph accounting relies on it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scorecard.extract.grid import column_of, split_collision, word_column
from scorecard.extract.rulings import Fill
from scorecard.extract.words import Line, Word, line_of


@dataclass(slots=True)
class Band:
    """One table row on one page: a banner, or the lines of each of its cells."""

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


@dataclass(frozen=True, slots=True)
class Columns:
    """What cuts a band into cells: the column bounds, where each column's lines start, and
    the page's coloured fills."""

    bounds: Sequence[float]
    starts: Sequence[float]
    fills: Sequence[Fill]
    banner: Callable[[Line], str | None]


def split_bands(
    body_lines: Sequence[Line], cuts: Sequence[float], columns: Columns, body: tuple[float, float]
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
            bands.extend(_bands_of(members, (top, bottom), columns))
    return bands


def _bands_of(members: list[Line], span: tuple[float, float], columns: Columns) -> list[Band]:
    """The band of these lines (``span`` = its top and bottom), split where a banner line
    sits among them."""
    bands: list[Band] = []
    chunk: list[Line] = []
    chunk_top = span[0]
    for line in members:
        name = columns.banner(line)
        if name is None:
            chunk.append(line)
            continue
        if chunk:
            bands.append(_cell_band(chunk, (chunk_top, line.top), columns))
        bands.append(Band(line.top, line.bottom, name, [], [], banner_line=line))
        chunk, chunk_top = [], line.bottom
    if chunk:
        bands.append(_cell_band(chunk, (chunk_top, span[1]), columns))
    return bands


def _cell_band(members: list[Line], span: tuple[float, float], columns: Columns) -> Band:
    """A measure band: each line's words distributed over the cells."""
    bounds = columns.bounds
    cells: list[list[Line]] = [[] for _ in range(len(bounds) + 1)]
    for line in members:
        per_column: dict[int, list[Word]] = {}
        for whole in line.words:
            for word in split_collision(whole, bounds, columns.starts):
                per_column.setdefault(word_column(word, bounds), []).append(word)
        for column, words in per_column.items():
            cells[column].append(line_of(words))
    return Band(span[0], span[1], None, cells, _cell_fills(span, bounds, columns.fills))


def _cell_fills(
    span: tuple[float, float], bounds: Sequence[float], fills: Sequence[Fill]
) -> list[Fill | None]:
    """For each column, the largest coloured fill of this band centred in that column and
    not spanning a column boundary (bounds read from text gutters need not meet fill edges,
    so a boundary near a fill's edge does not count)."""
    result: list[Fill | None] = [None] * (len(bounds) + 1)
    for fill in fills:
        if not span[0] <= (fill.top + fill.bottom) / 2 <= span[1]:
            continue
        margin = 0.25 * (fill.x1 - fill.x0)
        if any(fill.x0 + margin < b < fill.x1 - margin for b in bounds):
            continue
        column = column_of((fill.x0 + fill.x1) / 2, bounds)
        best = result[column]
        if best is None or _area(fill) > _area(best):
            result[column] = fill
    return result


def _area(fill: Fill) -> float:
    return (fill.x1 - fill.x0) * (fill.bottom - fill.top)
