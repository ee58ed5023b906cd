"""The table header row: found by its words, and each column known by its label, in any order.

The row is anchored on a line holding the measure column's label ("Measure Details") among
other header words, and extends over adjacent lines of header words (labels wrapped over
several lines, centred or not); a line under a word the profile does not know (an unknown
label wrapped) belongs to it too, and a ruling across the table ends it. Its words are then cut
into columns where no header word covers the x-axis (a vertical ruling must be a cut), choosing
the cuts that read the most words as labels the layout profile declares: each column maps to
the field its label names, and a label the profile does not know is reported by its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Rulings
from scorecard.extract.text import join_lines
from scorecard.extract.words import Line, Word
from scorecard.profiles.model import IGNORE, MEASURE_COLUMNS


@dataclass(frozen=True)
class Column:
    """One header label: its printed text, where it sits, and the field it names."""

    text: str
    x0: float
    x1: float
    field: str | None  # a column's field, "extra:<name>", "ignore", or None when unknown


@dataclass(frozen=True)
class HeaderMap:
    """The columns of a header row, left to right."""

    columns: tuple[Column, ...]
    missing: tuple[str, ...] = ()
    repeated: tuple[str, ...] = field(default=())

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field or "?" for c in self.columns)

    @property
    def spans(self) -> list[tuple[float, float]]:
        return [(c.x0, c.x1) for c in self.columns]

    @property
    def unknown(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.field is None)


def expected_header(reading: Reading) -> str:
    """What a page's header row should read, for error messages."""
    profile = reading.profile
    fields = profile.required or tuple(f for f in MEASURE_COLUMNS if profile.columns.get(f))
    labels = [profile.columns[f][0] for f in fields if profile.columns.get(f)]
    return f"the table header row ({' | '.join(labels)}) of layout profile {reading.name!r}"


def find_header_rows(
    lines: Sequence[Line], reading: Reading, rulings: Rulings | None = None
) -> tuple[int, int] | None:
    """Index range [first, last] of the lines that make up the table header row."""
    anchor = next((i for i, line in enumerate(lines) if reading.is_anchor(line)), None)
    if anchor is None:
        return None
    first = last = anchor
    rules = rulings or Rulings()
    while first > 0 and _extends(lines[first - 1], lines[first : last + 1], reading, rules):
        first -= 1
    while last + 1 < len(lines) and _extends(
        lines[last + 1], lines[first : last + 1], reading, rules
    ):
        last += 1
    return first, last


def _extends(line: Line, header: Sequence[Line], reading: Reading, rulings: Rulings) -> bool:
    """A header line that no ruling across the table separates from the rest of the row."""
    return _is_header_line(line, header, reading) and not ruled_off(header, line, rulings)


def _is_header_line(line: Line, header: Sequence[Line], reading: Reading) -> bool:
    """A line of header words (or words wrapped under an unknown label), close to the row."""
    neighbour = header[0] if line.top < header[0].top else header[-1]
    gap = max(line.top - neighbour.bottom, neighbour.top - line.bottom)
    if gap >= 2.5 * max(line.size, neighbour.size):
        return False
    strangers = [w for h in header for w in h.words if not reading.known_word(w.text)]
    return all(
        reading.known_word(w.text) or any(w.x0 < s.x1 and s.x0 < w.x1 for s in strangers)
        for w in line.words
    )


def ruled_off(header: Sequence[Line], line: Line, rulings: Rulings) -> bool:
    """Whether a horizontal ruling across the header's width separates ``line`` from it."""
    left = min(w.x0 for h in header for w in h.words)
    right = max(w.x1 for h in header for w in h.words)
    low, high = sorted((header[-1].bottom if line.top > header[-1].top else line.bottom,
                        line.top if line.top > header[-1].top else header[0].top))  # fmt: skip
    width = 0.8 * (right - left)
    return any(
        low - 0.5 <= y <= high + 0.5 and min(x1, right) - max(x0, left) >= width
        for y, x0, x1 in rulings.horizontal
    )


def map_columns(header: Sequence[Line], rulings: Rulings, reading: Reading) -> HeaderMap:
    """Cut the header row into columns and name each one's field (see the module docstring)."""
    words = [(row, w) for row, line in enumerate(header) for w in line.words]
    blocks = _blocks([w for _, w in words])
    mid = (header[0].top + header[-1].bottom) / 2
    walls = [x for x, top, bottom in rulings.vertical if top - 1 <= mid <= bottom + 1]
    forced = {
        i
        for i in range(1, len(blocks))
        if any(blocks[i - 1][1] - 0.5 <= x <= blocks[i][0] + 0.5 for x in walls)
    }
    labels = _segment(words, blocks, forced, reading)
    profile = reading.profile
    present = [c.field for c in labels if c.field]
    missing = tuple(f for f in profile.required if f not in present)
    repeated = tuple(sorted({f for f in present if f != IGNORE and present.count(f) > 1}))
    return HeaderMap(tuple(labels), missing, repeated)


def _blocks(words: Sequence[Word]) -> list[tuple[float, float]]:
    """Maximal x-stretches covered by header words (across all header lines)."""
    blocks: list[list[float]] = []
    for x0, x1 in sorted((w.x0, w.x1) for w in words):
        if blocks and x0 <= blocks[-1][1] + 0.5:
            blocks[-1][1] = max(blocks[-1][1], x1)
        else:
            blocks.append([x0, x1])
    return [(a, b) for a, b in blocks]


def _segment(
    words: Sequence[tuple[int, Word]],
    blocks: Sequence[tuple[float, float]],
    forced: set[int],
    reading: Reading,
) -> list[Column]:
    """The cut of the blocks into labels that leaves the fewest header words unknown (then the
    fewest unknown labels): dynamic programming over the blocks."""
    count = len(blocks)
    members: list[list[tuple[int, Word]]] = [[] for _ in blocks]
    for row, word in words:
        index = next(i for i, (a, b) in enumerate(blocks) if a - 0.5 <= word.x0 <= b + 0.5)
        members[index].append((row, word))
    best: list[tuple[int, int, list[Column]] | None] = [None] * (count + 1)
    best[0] = (0, 0, [])
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            previous = best[start]
            if previous is not None:
                column = _column([m for i in range(start, end) for m in members[i]], reading)
                strangers = 0 if column.field else len(column.text.split())
                cost = (previous[0] + strangers, previous[1] + (column.field is None))
                current = best[end]
                if current is None or cost < current[:2]:
                    best[end] = (*cost, [*previous[2], column])
            if start in forced:
                break
    result = best[count]
    assert result is not None
    return result[2]


def _column(members: list[tuple[int, Word]], reading: Reading) -> Column:
    """One candidate label: its words read line by line, left to right."""
    rows: dict[int, list[Word]] = {}
    for row, word in members:
        rows.setdefault(row, []).append(word)
    lines = [
        " ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(rows.items())
    ]
    text = join_lines(lines)
    claim = reading.profile.field_of(text) or reading.profile.field_of(text.replace("- ", ""))
    kind_field = None
    if claim is not None:
        kind, name = claim
        kind_field = IGNORE if kind == "ignore" else name if kind == "column" else f"extra:{name}"
    return Column(
        text,
        min(w.x0 for _, w in members),
        max(w.x1 for _, w in members),
        kind_field,
    )
