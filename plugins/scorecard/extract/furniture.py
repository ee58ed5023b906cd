"""Page furniture found by position: the title block above the table, the footer below it.

The footer is never found by a phrase anywhere on the page (a commentary paragraph may well
begin "Data Source: ..."). It is the block of lines at the foot of the page, below the table:
- in a report of several pages, the lines that recur at the same distance from the page
  bottom on at least half of the table pages (numbers masked; or their first field, for a
  line at the left margin), below the table's lowest ruling when it has rulings, mark the
  footer area, and every line of a page inside it is footer;
- otherwise, the block of lines at the page foot under the table's lowest ruling (lines
  above it after a blank line's gap are notes under the table, unless one is a footer field);
  and without rulings, the bottom lines that start at the left margin with a footer field
  ("Data Source:"), or page numbers.
Banner rows, rows that start with a measure code and status-cell lines belong to the table,
never to the footer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Rulings
from scorecard.extract.words import Line

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:Page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$|^-\s*\d+\s*-$", re.IGNORECASE)


@dataclass(slots=True)
class PageLines:
    """A page's lines with where its table starts (the first line under the title block or
    table header) and its rulings: what footer detection needs."""

    lines: list[Line]
    table_from: int
    rulings: Rulings
    height: float
    table_left: float | None
    has_table: bool


def masked(text: str) -> str:
    """A line's text with numbers masked: 'Page 3 of 9' and 'Page 4 of 9' compare equal."""
    return _DIGITS.sub("#", " ".join(text.split()))


def is_page_number(segment: str) -> bool:
    """'Page 3 of 9', '3 of 9', '3/9', '3', '- 3 -' printed as a footer field of its own."""
    return bool(_PAGE_NUMBER.match(segment.strip()))


def title_keys(blocks: Sequence[Sequence[Line]]) -> set[str]:
    """Masked texts of the title-block lines seen above table headers."""
    return {masked(line.text) for block in blocks for line in block}


def leading_title_lines(lines: Sequence[Line], keys: set[str]) -> int:
    """How many lines at the top of a page repeat the report's title block."""
    count = 0
    while count < len(lines) and masked(lines[count].text) in keys:
        count += 1
    return count


def footer_starts(pages: Sequence[PageLines], reading: Reading) -> list[int]:
    """For each page, the index of its first footer line (``len(lines)`` when it has none)."""
    zone = _recurring_zone(pages, reading)
    return [_footer_start(page, zone, reading) for page in pages]


def _recurring_zone(pages: Sequence[PageLines], reading: Reading) -> float | None:
    """Height above the page bottom of the top of the footer area, from lines recurring on
    at least half the table pages (two at least); None when nothing recurs."""
    tables = [p for p in pages if p.has_table]
    if len(tables) < 2:
        return None
    need = max(2, math.ceil(len(tables) / 2))
    seen: Counter[tuple[str, int]] = Counter()
    for page in tables:
        lines = page.lines[page.table_from :]
        seen.update({key for line in lines for key in _keys(page, line)})
    tops: list[float] = []
    for page in tables:
        index = len(page.lines)
        bottom = _table_bottom(page)
        while index > page.table_from:
            line = page.lines[index - 1]
            whole, first = _keys(page, line)
            recurs = seen[whole] >= need or (seen[first] >= need and _at_left(page, line))
            above = bottom is not None and line.top < bottom - 0.5
            if reading.table_line(line) or not recurs or above:
                break
            index -= 1
        if index < len(page.lines):
            tops.append(page.height - page.lines[index].top)
    return max(tops) if tops else None


def _keys(page: PageLines, line: Line) -> tuple[tuple[str, int], tuple[str, int]]:
    """A line's masked text, and its masked first field (a footer line may end in a field
    that changes from page to page, such as the owning directorate), each with the line's
    distance from the page bottom."""
    distance = round(page.height - line.top)
    return (masked(line.text), distance), ("\x00" + masked(line.segments()[0]), distance)


def _at_left(page: PageLines, line: Line) -> bool:
    """Whether a line starts at the left margin (no further right than the Measure Details
    label), as footer lines do and commentary lines do not."""
    return page.table_left is None or line.words[0].x0 <= page.table_left + 2


def _footer_start(page: PageLines, zone: float | None, reading: Reading) -> int:
    """First footer line of one page: inside the recurring zone, else by rulings or fields."""
    lines = page.lines
    if zone is not None:
        index = len(lines)
        while index > page.table_from and page.height - lines[index - 1].top <= zone + 1.0:
            index -= 1
        return index
    bottom = _table_bottom(page)
    if bottom is not None:
        index = len(lines)
        while index > page.table_from and lines[index - 1].top >= bottom - 0.5:
            index -= 1
        if index < len(lines):
            return _foot_block(page, index, reading)
    index = len(lines)
    while index > page.table_from and _footer_field_line(page, lines[index - 1], reading):
        index -= 1
    return index


def _foot_block(page: PageLines, start: int, reading: Reading) -> int:
    """Of the lines below the table's last ruling (from ``start``), the first of the block
    at the page foot: lines above a blank line's gap are notes printed under the table,
    unless one of them is a footer field or a page number (then all are footer)."""
    lines = page.lines
    index = len(lines) - 1
    while index > start and lines[index].top - lines[index - 1].bottom <= max(
        lines[index].size, lines[index - 1].size
    ):
        index -= 1
    if any(_footer_field_line(page, line, reading) for line in lines[start:index]):
        return start
    return index


def _table_bottom(page: PageLines) -> float | None:
    """The lowest horizontal ruling as wide as the table's first column and below its text,
    when lines follow it (else the table reaches the page foot)."""
    if page.table_left is None or not page.rulings.horizontal:
        return None
    body = page.lines[page.table_from :]
    if not body:
        return None
    left = page.table_left
    ys = [y for y, x0, x1 in page.rulings.horizontal if x0 <= left + 2 and x1 >= left + 20]
    below = [y for y in ys if y > body[0].top]
    return max(below) if below else None


def _footer_field_line(page: PageLines, line: Line, reading: Reading) -> bool:
    """A line whose first segment starts with a footer field at the left margin (no further
    right than the Measure Details label), or that is a page number only."""
    segments = line.segment_words()
    first = " ".join(w.text for w in segments[0])
    if reading.table_line(line):
        return False
    if _at_left(page, line) and reading.footer_field(first):
        return True
    return all(is_page_number(" ".join(w.text for w in s)) for s in segments)
