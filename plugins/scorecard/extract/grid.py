"""Column bounds and row boundaries of the table body, from rulings where drawn, else text.

Columns: a vertical ruling crossing the header row between two labels is the boundary;
without one, the white gutter of the body text between the two labels is. Rows: horizontal
rulings that span the Measure Details column, plus boundaries read from text (a banner line,
or a Measure Details block that starts with a measure code) where no ruling is near.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence

from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Rulings
from scorecard.extract.words import Line, Word, line_of, word_of


def column_bounds(
    spans: Sequence[tuple[float, float]],
    header_top: float,
    header_bottom: float,
    rulings: Rulings,
    body_lines: Sequence[Line],
) -> list[float]:
    """The x of the boundaries between the columns (one fewer than the labels)."""
    mid = (header_top + header_bottom) / 2
    xs = sorted(x for x, top, bottom in rulings.vertical if top - 1 <= mid <= bottom + 1)
    bounds: list[float] = []
    for (_, right), (left, _) in itertools.pairwise(spans):
        between = [x for x in xs if right - 1 <= x <= left + 1]
        if between:
            bounds.append(between[len(between) // 2])
        else:
            bounds.append(_gutter(right, left, body_lines))
    return bounds


def _gutter(lo: float, hi: float, body_lines: Sequence[Line]) -> float:
    """The middle of the white gutter in [lo, hi] between two columns' body text.

    Among the x-stretches no body word covers, the gutter is the one at whose right end the
    most words start (cell text is left-aligned), the widest on a tie: with sparse text a wider
    blank can open inside a cell, but words do not line up at its edge. A word that runs past
    both ends of [lo, hi] (text overflowing its cell) hides no gutter and is left out.
    """
    words = [
        w for line in body_lines for w in line.words if w.x1 > lo and w.x0 < hi and not (
            w.x0 < lo and w.x1 > hi)
    ]  # fmt: skip
    starts = [w.x0 for line in body_lines for w in line.words if lo <= w.x0 <= hi + 2]
    stretches: list[tuple[float, float]] = []
    cursor = lo
    for x0, x1 in sorted((max(w.x0, lo), min(w.x1, hi)) for w in words):
        if x0 - cursor > 0.5:
            stretches.append((cursor, x0))
        cursor = max(cursor, x1)
    if hi - cursor > 0.5 or not stretches:
        stretches.append((cursor, hi))
    stretches = [(a, min(b, hi)) for a, b in stretches]

    def score(stretch: tuple[float, float]) -> tuple[int, float]:
        aligned = sum(1 for x in starts if abs(x - stretch[1]) < 1.0)
        return aligned, stretch[1] - stretch[0]

    start, end = max(stretches, key=score)
    return (start + end) / 2


def column_of(x: float, bounds: Sequence[float]) -> int:
    """Index of the column a horizontal position falls into."""
    for index, bound in enumerate(bounds):
        if x < bound:
            return index
    return len(bounds)


def word_column(word: Word, bounds: Sequence[float]) -> int:
    """The column a word belongs to: where it starts (text that overflows its cell to the
    right still starts inside it)."""
    return column_of(word.x0 + min(1.0, (word.x1 - word.x0) / 2), bounds)


def split_collision(word: Word, bounds: Sequence[float], starts: Sequence[float]) -> list[Word]:
    """A word that runs across a column boundary, split where the next column's text starts
    on or against it: text overflowing its cell drawn in one stretch with its neighbour's
    (``DeterioratingThe``): the stretch of text goes on past the word, in the next column.
    The split glyph sits just right of the boundary and either overlaps the glyph before it
    (closer than the word's letters otherwise are), or starts where that column's lines start
    (``starts``) after a gap no narrower than the word's letter gaps. A word overflowing its
    cell at the end of its stretch of text (``rehabilitation/intermediate``) stays whole."""
    parts = word.parts
    crossed = [b for b in bounds if word.x0 < b < word.x1]
    if len(parts) < 2 or not crossed or word.followed_at is None:
        return [word]
    if word.followed_at < crossed[-1]:
        return [word]
    gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(parts))
    typical = gaps[len(gaps) // 2]
    for index in range(1, len(parts)):
        glyph, prev = parts[index], parts[index - 1]
        column = next(
            (i for i, b in enumerate(bounds) if b - 0.5 <= glyph.x0 <= b + 1.2 * glyph.size), None
        )
        if column is None or prev.x0 >= bounds[column]:
            continue
        gap = glyph.x0 - prev.x1
        at_start = abs(glyph.x0 - starts[column + 1]) < 0.6 and gap >= typical
        if gap < typical - 0.05 * glyph.size or at_start:
            tail = word_of(parts[index:], word.baseline)
            tail.followed_at = word.followed_at
            rest = split_collision(tail, bounds, starts)
            return [word_of(parts[:index], word.baseline), *rest]
    return [word]


def text_starts(lines: Sequence[Line], bounds: Sequence[float]) -> list[float]:
    """Where each column's lines usually start (the most common left edge of a cell line)."""
    counts: list[Counter[float]] = [Counter() for _ in range(len(bounds) + 1)]
    for line in lines:
        seen: set[int] = set()
        for word in line.words:
            column = word_column(word, bounds)
            if column not in seen:
                seen.add(column)
                counts[column][round(word.x0 * 2) / 2] += 1
    return [c.most_common(1)[0][0] if c else float("nan") for c in counts]


def straddles(word: Word, bounds: Sequence[float]) -> bool:
    """Whether a word runs across a column boundary by more than a glyph's width."""
    return any(word.x0 < b - 1 and word.x1 > b + 0.5 * word.size for b in bounds)


def row_boundaries(
    rulings: Rulings, first_span: tuple[float, float], body_top: float, body_bottom: float
) -> list[float]:
    """Y positions of horizontal rulings inside the body that span the Measure Details column."""
    return rulings.spanning(first_span[0], first_span[1], body_top, body_bottom)


def text_boundaries(
    body_lines: Sequence[Line], bounds: Sequence[float], key: int, reading: Reading
) -> list[float]:
    """Row boundaries from text alone (no rulings): banners and Measure Details blocks.

    A row starts at a banner line, or at a Measure Details line that follows a blank gap in
    that column (the code/title cell is one block of wrapped lines); it ends where the next
    one starts.
    """
    cuts: list[float] = []
    for line, cell, gap in _detail_cells(body_lines, bounds, key, reading):
        if cell is None:
            cuts += [line.top - 0.5, line.bottom + 0.5]
        elif gap is not False and reading.starts_with_code(cell.text):
            cuts.append(cell.top - 0.5)
    return sorted(set(cuts))


def stray_blocks(
    body_lines: Sequence[Line], bounds: Sequence[float], key: int, reading: Reading
) -> list[Line]:
    """Measure Details lines that start a new block (after a blank gap, below an earlier block
    of the page, no banner between) without a measure code: no row starts there."""
    return [
        line
        for line, cell, gap in _detail_cells(body_lines, bounds, key, reading)
        if cell is not None and gap and not reading.starts_with_code(cell.text)
    ]


def _detail_cells(
    body_lines: Sequence[Line], bounds: Sequence[float], key: int, reading: Reading
) -> Iterator[tuple[Line, Line | None, bool | None]]:
    """Each banner line (with no cell) and each line with text in the Measure Details column,
    with that text as a line and whether a blank gap separates it from the cell line above
    (None for the first since the top of the page or the last banner)."""
    previous: Line | None = None
    for line in body_lines:
        if reading.banner(line) is not None:
            previous = None
            yield line, None, None
            continue
        first = [w for w in line.words if word_column(w, bounds) == key]
        if not first:
            continue
        cell = line_of(first)
        yield line, cell, None if previous is None else cell.top - previous.bottom > 0.6 * cell.size
        previous = cell


def merge_cuts(ruled: Sequence[float], text: Sequence[float], near: float = 12.0) -> list[float]:
    """Row boundaries from rulings, plus those found from text where no ruling is near."""
    extra = [y for y in text if all(abs(y - r) > near for r in ruled)]
    return sorted([*ruled, *extra])
