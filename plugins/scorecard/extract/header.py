"""The table header row: found by its words, wherever and however it is laid out.

The row is anchored on "Measure Details" and extends over adjacent lines made only of header
words (labels wrapped over one to three lines, centred or not). Each of the seven labels gives
the x-extent of its column; the words shared by two labels ("Target", "Status", "Performance")
join the column whose own words are nearest.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from scorecard.extract.words import Line, Word

COLUMN_KEYS: tuple[str, ...] = (
    "measure_details",
    "quarterly",
    "forecast",
    "performance",
    "context",
    "improvement_actions",
    "intervention_review",
)
COLUMN: dict[str, int] = {key: index for index, key in enumerate(COLUMN_KEYS)}
"""A column's index in a row (band and assembled row alike) by its key."""
COMMENTARY_KEYS: tuple[str, ...] = COLUMN_KEYS[COLUMN["context"] :]
"""The free-text columns, each a measure field of the same name."""
HEADER_LABELS: tuple[str, ...] = (
    "Measure Details",
    "Quarterly Target Status",
    "Forecast Year End Status",
    "Performance VS Target",
    "Context for Current Performance",
    "Improvement Actions Taken",
    "Intervention / Review",
)
EXPECTED_HEADER = "the table header row (" + " | ".join(HEADER_LABELS) + ")"

# Header words that name one column only, and those shared by two (resolved by position).
_UNIQUE_HEADER_WORDS: dict[str, int] = {
    "measure": 0,
    "details": 0,
    "quarterly": 1,
    "forecast": 2,
    "year": 2,
    "end": 2,
    "vs": 3,
    "context": 4,
    "for": 4,
    "current": 4,
    "improvement": 5,
    "actions": 5,
    "taken": 5,
    "intervention": 6,
    "/": 6,
    "review": 6,
}
_SHARED_HEADER_WORDS = frozenset({"target", "status", "performance"})
HEADER_VOCAB = frozenset(_UNIQUE_HEADER_WORDS) | _SHARED_HEADER_WORDS


def find_header_rows(lines: Sequence[Line]) -> tuple[int, int] | None:
    """Index range [first, last] of the lines that make up the table header row."""
    anchor = next((i for i, line in enumerate(lines) if has_measure_details(line)), None)
    if anchor is None:
        return None
    first = last = anchor
    while first > 0 and _is_header_line(lines[first - 1], lines[first]):
        first -= 1
    while last + 1 < len(lines) and _is_header_line(lines[last + 1], lines[last]):
        last += 1
    return first, last


def has_measure_details(line: Line) -> bool:
    """Whether 'Measure' is followed by 'Details' on this line."""
    texts = [w.text.lower() for w in line.words]
    return any(a == "measure" and b == "details" for a, b in itertools.pairwise(texts))


def _is_header_line(line: Line, neighbour: Line) -> bool:
    """A line of header words only, close enough to its neighbour to be in the same row."""
    if any(w.text.lower() not in HEADER_VOCAB for w in line.words):
        return False
    gap = max(line.top - neighbour.bottom, neighbour.top - line.bottom)
    return gap < 2.5 * max(line.size, neighbour.size)


def header_spans(header: Sequence[Line]) -> list[tuple[float, float]] | None:
    """The x-extent of each of the seven header labels, or None if a label is missing."""
    words = [w for line in header for w in line.words]
    spans: list[list[float] | None] = [None] * len(COLUMN_KEYS)
    for word in words:
        column = _UNIQUE_HEADER_WORDS.get(word.text.lower())
        if column is not None:
            spans[column] = _widen(spans[column], word)
    if any(span is None for span in spans):
        return None
    for word in words:
        if word.text.lower() in _SHARED_HEADER_WORDS:
            column = min(range(len(spans)), key=lambda i: _distance(spans[i], word))  # type: ignore[arg-type]
            spans[column] = _widen(spans[column], word)
    result = [(s[0], s[1]) for s in spans if s is not None]
    if any(a[0] >= b[0] for a, b in itertools.pairwise(result)):
        return None
    return result


def _widen(span: list[float] | None, word: Word) -> list[float]:
    """Grow an x-extent to include a word."""
    if span is None:
        return [word.x0, word.x1]
    return [min(span[0], word.x0), max(span[1], word.x1)]


def _distance(span: list[float], word: Word) -> float:
    """Horizontal distance from a word's centre to an x-extent (0 inside it)."""
    return max(span[0] - word.xc, 0.0, word.xc - span[1])
