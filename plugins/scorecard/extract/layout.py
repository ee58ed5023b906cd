"""Page geometry: words from glyphs, the table header, column bounds, rulings, row bands.

Everything here reads the geometry of the page, never our generator's coordinates: the table
header row is found by its words, column x-bounds come from the vertical rulings that cross it
(or from the white gutters of the body when there are none), rows from horizontal rulings that
span the Measure Details column (or from the text blocks of that column when there are none).

One pass over ``page.chars`` (plus ``page.rects``/``page.lines``) per page: pdfplumber parses the
page once, and we do our own word grouping instead of calling ``extract_words``/``crop``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scorecard.extract.codes import starts_with_code

# Default word gap (fraction of the font size) when a page shows no letter-spacing pattern:
# below a space's width (~0.25 em), above kerning.
WORD_GAP_EM = 0.2
# A gap wider than this (in em) separates two segments of one baseline (e.g. footer fields).
SEGMENT_GAP_EM = 1.5

# Glyphs whose baselines differ by less than this (points) are on the same line.
BASELINE_TOLERANCE = 0.6

COLUMN_KEYS: tuple[str, ...] = (
    "measure_details",
    "quarterly",
    "forecast",
    "performance",
    "context",
    "improvement_actions",
    "intervention_review",
)
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
_HEADER_VOCAB = frozenset(_UNIQUE_HEADER_WORDS) | _SHARED_HEADER_WORDS
_BANNER = re.compile(r"^Directorate\s*:\s*(?P<name>.+)$")


@dataclass(slots=True)
class Word:
    """A word grouped from glyphs by geometry; coordinates in points, top-down like pdfplumber."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float

    @property
    def xc(self) -> float:
        """Horizontal centre, used to assign the word to a column."""
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Line:
    """Words sharing one baseline (the whole page width, or one cell once split by column)."""

    words: list[Word]
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        """Left edge of the first word."""
        return self.words[0].x0

    def segments(self) -> list[str]:
        """Runs of words separated by wide gaps (footer fields printed on one baseline)."""
        runs: list[list[str]] = [[self.words[0].text]]
        for prev, word in zip(self.words, self.words[1:], strict=False):
            if word.x0 - prev.x1 > SEGMENT_GAP_EM * max(word.size, prev.size):
                runs.append([])
            runs[-1].append(word.text)
        return [" ".join(run) for run in runs]


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle (status cells, banners) with its colour reduced to RGB."""

    x0: float
    x1: float
    top: float
    bottom: float
    rgb: tuple[float, float, float]


@dataclass(slots=True)
class Rulings:
    """Horizontal and vertical ruling segments of a page (from lines and rectangle edges)."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # (x, top, bottom)
    fills: list[Fill] = field(default_factory=list)


@dataclass(slots=True)
class Band:
    """One table row on one page: a banner, or the lines of each of the seven cells."""

    top: float
    bottom: float
    banner: str | None
    cells: list[list[Line]]
    fills: list[Fill | None]


@dataclass(slots=True)
class PageLayout:
    """The parts of one page: page header lines, table header, row bands, footer lines."""

    number: int
    header_lines: list[Line]
    footer_lines: list[Line]
    bands: list[Band]
    has_table_header: bool


def group_words(chars: Iterable[dict[str, Any]]) -> list[Line]:
    """Group glyphs into words and baselines by geometry (not by the PDF's space glyphs alone).

    Glyphs are keyed by their baseline (exact for text set on one line, whatever the letter
    spacing); along a baseline a space glyph, or a gap wider than the page's word-gap threshold
    (see ``word_gap_threshold``), ends a word. Returns full-width lines from the top down.
    """
    by_baseline: dict[float, list[dict[str, Any]]] = {}
    for char in chars:
        if char["upright"]:
            by_baseline.setdefault(round(char["matrix"][5], 1), []).append(char)
    rows = [
        (key, sorted(chars, key=lambda c: c["x0"]))
        for key, chars in _merge_close_baselines(by_baseline)
    ]
    threshold = word_gap_threshold(_gaps_in_em(row) for _, row in rows)
    lines: list[Line] = []
    for key, row in rows:
        words = _words_of(row, key, threshold)
        if words:
            lines.append(_line_of(words))
    return lines


def _merge_close_baselines(
    by_baseline: dict[float, list[dict[str, Any]]], tolerance: float = BASELINE_TOLERANCE
) -> list[tuple[float, list[dict[str, Any]]]]:
    """Baseline groups from the top of the page down, with groups closer than ``tolerance``
    merged (glyphs of one line placed with a little jitter stay on one line)."""
    merged: list[tuple[float, list[dict[str, Any]]]] = []
    for key in sorted(by_baseline, reverse=True):  # PDF y grows upwards
        if merged and merged[-1][0] - key < tolerance:
            merged[-1][1].extend(by_baseline[key])
        else:
            merged.append((key, list(by_baseline[key])))
    return merged


def _gaps_in_em(chars: Sequence[dict[str, Any]]) -> list[float]:
    """Gaps between consecutive visible glyphs of one baseline, in ems of the font size."""
    gaps = []
    for prev, char in itertools.pairwise(chars):
        if prev["text"].strip() and char["text"].strip() and char["size"] > 0:
            gaps.append((char["x0"] - prev["x1"]) / char["size"])
    return gaps


def word_gap_threshold(gap_lists: Iterable[list[float]]) -> float:
    """The gap (in em) that separates words on this page.

    Letter-spaced text has two families of gaps: letter gaps (up to ~0.2 em) and word gaps
    (~0.5 em); the threshold is the middle of the widest empty stretch between 0.1 and 0.7 em
    of the sorted gaps. Without such a stretch (plain text with space glyphs) it is
    ``WORD_GAP_EM``.
    """
    gaps = sorted(g for gaps in gap_lists for g in gaps if 0.02 < g < 1.0)
    best_width, threshold = 0.0, WORD_GAP_EM
    for low, high in itertools.pairwise([0.02, *gaps]):
        middle = (low + high) / 2
        if high - low > best_width and 0.1 <= middle <= 0.7:
            best_width, threshold = high - low, middle
    return threshold if best_width >= 0.08 else WORD_GAP_EM


def _words_of(chars: Sequence[dict[str, Any]], baseline: float, threshold: float) -> list[Word]:
    """Split one baseline's glyphs (sorted by x) into words at space glyphs and wide gaps."""
    words: list[Word] = []
    text: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    for char in chars:
        glyph = char["text"]
        if not glyph.strip():
            if text:
                words.append(Word("".join(text), x0, x1, top, bottom, size, baseline))
                text = []
            continue
        if text and char["x0"] - x1 > threshold * max(size, char["size"]):
            words.append(Word("".join(text), x0, x1, top, bottom, size, baseline))
            text = []
        if not text:
            x0, top, bottom, size = char["x0"], char["top"], char["bottom"], char["size"]
        else:
            top, bottom, size = (
                min(top, char["top"]),
                max(bottom, char["bottom"]),
                max(size, char["size"]),
            )
        x1 = char["x1"]
        text.append(glyph)
    if text:
        words.append(Word("".join(text), x0, x1, top, bottom, size, baseline))
    return words


def _line_of(words: list[Word]) -> Line:
    """A Line from words already sorted left to right."""
    return Line(
        words,
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        baseline=words[0].baseline,
        size=max(w.size for w in words),
    )


def to_rgb(colour: Any) -> tuple[float, float, float] | None:
    """A fill colour as RGB in 0..1 (gray, RGB and CMYK operands), None for patterns."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not all(isinstance(v, int | float) for v in colour):
        return None
    if len(colour) == 1:
        return (float(colour[0]),) * 3
    if len(colour) == 3:
        return (float(colour[0]), float(colour[1]), float(colour[2]))
    if len(colour) == 4:
        c, m, y, k = (float(v) for v in colour)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def colour_name(rgb: tuple[float, float, float] | None) -> str | None:
    """Classify a fill as Red, Amber, Green, Blue, grey or white (None if unclassifiable)."""
    if rgb is None:
        return None
    r, g, b = rgb
    if min(rgb) > 0.93:
        return "white"
    if max(rgb) - min(rgb) < 0.08:
        return "grey"
    if r > 0.6 and g < 0.45 and b < 0.45:
        return "Red"
    if r > 0.7 and 0.45 <= g < 0.92 and b < 0.5:
        return "Amber"
    if g >= r and g >= b:
        return "Green"
    if b > r and b > g:
        return "Blue"
    return None


def find_rulings(page_lines: Iterable[dict[str, Any]], rects: Iterable[dict[str, Any]]) -> Rulings:
    """Ruling segments from drawn lines and rectangle edges, and the coloured fills."""
    rulings = Rulings()
    for line in page_lines:
        _add_segment(rulings, line["x0"], line["x1"], line["top"], line["bottom"])
    for rect in rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if rect.get("fill"):
            rgb = to_rgb(rect.get("non_stroking_color"))
            if rgb is not None and min(rgb) < 0.93 and x1 - x0 > 2 and bottom - top > 2:
                rulings.fills.append(Fill(x0, x1, top, bottom, rgb))
        if x1 - x0 < 2 or bottom - top < 2:
            _add_segment(rulings, x0, x1, top, bottom)
            continue
        rulings.horizontal += [(top, x0, x1), (bottom, x0, x1)]
        rulings.vertical += [(x0, top, bottom), (x1, top, bottom)]
    return rulings


def _add_segment(rulings: Rulings, x0: float, x1: float, top: float, bottom: float) -> None:
    """Record a thin line or thin rectangle as a horizontal or vertical ruling."""
    if bottom - top <= 2 and x1 - x0 > bottom - top:
        rulings.horizontal.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= 2:
        rulings.vertical.append(((x0 + x1) / 2, top, bottom))


def find_header_rows(lines: Sequence[Line]) -> tuple[int, int] | None:
    """Index range [first, last] of the lines that make up the table header row.

    The row is anchored on the line holding "Measure Details" and extends up and down over
    adjacent lines made only of header words (multi-line header cells, centred or not).
    """
    anchor = next((i for i, line in enumerate(lines) if _has_measure_details(line)), None)
    if anchor is None:
        return None
    first = last = anchor
    while first > 0 and _is_header_line(lines[first - 1], lines[first]):
        first -= 1
    while last + 1 < len(lines) and _is_header_line(lines[last + 1], lines[last]):
        last += 1
    return first, last


def _has_measure_details(line: Line) -> bool:
    """Whether 'Measure' is followed by 'Details' on this line."""
    texts = [w.text.lower() for w in line.words]
    return any(a == "measure" and b == "details" for a, b in itertools.pairwise(texts))


def _is_header_line(line: Line, neighbour: Line) -> bool:
    """A line of header words only, close enough to its neighbour to be in the same row."""
    if any(w.text.lower() not in _HEADER_VOCAB for w in line.words):
        return False
    gap = max(line.top - neighbour.bottom, neighbour.top - line.bottom)
    return gap < 2.5 * max(line.size, neighbour.size)


def header_spans(header: Sequence[Line]) -> list[tuple[float, float]] | None:
    """The x-extent of each of the seven header labels, or None if a label is missing.

    Words that name one column ('Quarterly', 'Context') place themselves; the shared words
    ('Target', 'Status', 'Performance') join the column whose own words are nearest.
    """
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


def column_bounds(
    spans: Sequence[tuple[float, float]],
    header_top: float,
    header_bottom: float,
    rulings: Rulings,
    body_lines: Sequence[Line],
) -> list[float]:
    """The x of the six boundaries between the seven columns.

    A vertical ruling crossing the header row between two labels is the boundary; without one,
    the widest white gutter of the body text between the two labels is.
    """
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
    blank can open inside a cell, but words do not line up at its edge.
    """
    words = [w for line in body_lines for w in line.words if w.x1 > lo and w.x0 < hi]
    starts = [w.x0 for line in body_lines for w in line.words if lo <= w.x0 <= hi + 2]
    stretches: list[tuple[float, float]] = []
    cursor = lo
    for x0, x1 in sorted((max(w.x0, lo), min(w.x1, hi)) for w in words):
        if x0 - cursor > 0.5:
            stretches.append((cursor, x0))
        cursor = max(cursor, x1)
    if hi - cursor > 0.5 or not stretches:
        stretches.append((cursor, hi))
    # A column's text starting exactly at the right label's left edge (left-aligned labels).
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


def banner_name(line: Line) -> str | None:
    """The directorate named by a banner line ('Directorate : People Services'), else None."""
    match = _BANNER.match(line.text)
    return match.group("name").strip() if match else None


def row_boundaries(
    rulings: Rulings, first_span: tuple[float, float], body_top: float, body_bottom: float
) -> list[float]:
    """Y positions of horizontal rulings inside the body that span the Measure Details column."""
    x0, x1 = first_span
    ys = sorted(
        y
        for y, sx0, sx1 in rulings.horizontal
        if sx0 <= x0 + 2 and sx1 >= x1 - 2 and body_top - 1 <= y <= body_bottom + 1
    )
    merged: list[float] = []
    for y in ys:
        if not merged or y - merged[-1] > 1.5:
            merged.append(y)
    return merged


def text_boundaries(body_lines: Sequence[Line], bounds: Sequence[float]) -> list[float]:
    """Row boundaries from text alone (no rulings): banners and Measure Details blocks.

    A row starts at a banner line, or at a Measure Details line that follows a blank gap in
    that column (the code/title cell is one block of wrapped lines); it ends where the next
    one starts.
    """
    cuts: list[float] = []
    previous: Line | None = None
    for line in body_lines:
        if banner_name(line) is not None:
            cuts += [line.top - 0.5, line.bottom + 0.5]
            previous = None
            continue
        first = [w for w in line.words if column_of(w.xc, bounds) == 0]
        if not first:
            continue
        cell = _line_of(first)
        gap_before = previous is None or cell.top - previous.bottom > 0.6 * cell.size
        if gap_before and starts_with_code(cell.text):
            cuts.append(cell.top - 0.5)
        previous = cell
    return sorted(set(cuts))


def merge_cuts(ruled: Sequence[float], text: Sequence[float], near: float = 12.0) -> list[float]:
    """Row boundaries from rulings, plus those found from text where no ruling is near.

    Rulings are exact; the text boundaries (banners, Measure Details blocks starting with a
    code) fill in for tables drawn without row lines, or with an outer border only.
    """
    extra = [y for y in text if all(abs(y - r) > near for r in ruled)]
    return sorted([*ruled, *extra])


def split_bands(
    body_lines: Sequence[Line],
    cuts: Sequence[float],
    bounds: Sequence[float],
    fills: Sequence[Fill],
    body: tuple[float, float],
) -> list[Band]:
    """Cut the body into row bands at ``cuts`` and split each band's lines into cells."""
    edges = [body[0], *[c for c in cuts if body[0] < c < body[1]], body[1]]
    bands: list[Band] = []
    lines = list(body_lines)
    index = 0
    for top, bottom in itertools.pairwise(edges):
        members: list[Line] = []
        while index < len(lines) and (lines[index].top + lines[index].bottom) / 2 < bottom:
            members.append(lines[index])
            index += 1
        if members:
            bands.extend(_bands_of(members, top, bottom, bounds, fills))
    return bands


def _bands_of(
    members: list[Line], top: float, bottom: float, bounds: Sequence[float], fills: Sequence[Fill]
) -> list[Band]:
    """One band (or a banner band plus the rest, should a banner share a ruled band)."""
    if banner_name(members[0]) is not None:
        banner = Band(members[0].top, members[0].bottom, banner_name(members[0]), [], [])
        rest = members[1:]
        return [
            banner,
            *(_bands_of(rest, members[0].bottom, bottom, bounds, fills) if rest else []),
        ]
    cells: list[list[Line]] = [[] for _ in range(len(bounds) + 1)]
    for line in members:
        per_column: dict[int, list[Word]] = {}
        for word in line.words:
            per_column.setdefault(column_of(word.xc, bounds), []).append(word)
        for column, words in per_column.items():
            cells[column].append(_line_of(words))
    return [Band(top, bottom, None, cells, _cell_fills(top, bottom, bounds, fills))]


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
