"""Wrap and place a report on pages for the producers that draw at coordinates (reportlab, fpdf2).

The same rules as `samples.render` (a wrapped line never starts with "-", commentary splits only
inside a paragraph, a new row starts with its status labels or, colour-only, its "Quarterly
data" line), with the zoo's axes on top: words may break after a hyphen, a word wider than its
cell overflows it, a code may wrap, the header row may appear on the first table page only, and
non-table pages may come before and after the table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from samples.cells import (
    COMMENTARY_COLUMNS,
    HEADERS,
    NBSP,
    Cell,
    Line,
    Metrics,
    commentary_cell,
    format_value,
    split_point,
    wrap_units,
)
from samples.model import Measure
from samples.paging import Placed
from samples.styles import DEFAULT
from samples.zoo.furniture import back_pages, front_pages
from samples.zoo.styles import COLOURED, COLUMNS, PAGE_SIZES, ZooStyle, fill_for

SIZE, LEADING, TITLE_SIZE, PADDING = 7.5, 9.75, 12.0, 3.0
MARGINS = (22.0, 22.0, 18.0, 16.0)  # left, right, top, bottom
Measure_ = Callable[[str, bool], float]  # width of a text at SIZE, bold or not
_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z0-9])")
SOFT_HYPHEN = "\u00ad"
_HIDDEN_SOFT = re.compile(f"{SOFT_HYPHEN}(?!$)")  # soft hyphens not at a line end


def visible(text: str) -> str:
    """A line as drawn: soft hyphens show only where the line breaks at one."""
    return _HIDDEN_SOFT.sub("", text)


_IRREGULAR = Metrics(DEFAULT)
TEXT_FIELDS = (
    "code",
    "title",
    "context",
    "actions",
    "intervention",
)  # the real report's letter gaps


class Text:
    """Widths and wrapping in one style, from a producer's own font metrics."""

    def __init__(self, style: ZooStyle, measure: Measure_) -> None:
        self.style, self.measure = style, measure
        self.char_space = 0.6 if style.letter_spacing == "wide" else 0.0

    def gaps(self, word: str) -> list[float]:
        """Extra space after each glyph of a word but the last (irregular spacing only)."""
        if self.style.letter_spacing != "irregular":
            return [0.0] * max(len(word) - 1, 0)
        return _IRREGULAR.char_gaps(word)

    def word_width(self, word: str, bold: bool = False) -> float:
        """A word (no spaces) as drawn."""
        return self.measure(word, bold) + sum(self.gaps(word)) + self.char_space * len(word)

    def space(self, bold: bool = False) -> float:
        """The gap between two words."""
        extra = 1.9 * SIZE / 7.0 if self.style.letter_spacing == "irregular" else 0.0
        return self.measure(" ", bold) + extra + self.char_space

    def width(self, unit: str, bold: bool = False) -> float:
        """A unit whose words are joined by NBSP."""
        words = visible(unit).split(NBSP)
        return sum(self.word_width(w, bold) for w in words) + self.space(bold) * (len(words) - 1)

    def hyphen_split(self, unit: str, room: float, bold: bool) -> tuple[str, str] | None:
        """The longest head of `unit` that fits `room` and ends at one of its hyphens (hard
        hyphens with `hyphen_wrap`, soft ones with `soft_hyphens`); the head keeps its hyphen."""
        if NBSP in unit:
            return None
        ends = [m.end() for m in _HYPHEN.finditer(unit)] if self.style.hyphen_wrap == "on" else []
        if self.style.soft_hyphens == "on":
            ends += [i + 1 for i, ch in enumerate(unit) if ch == SOFT_HYPHEN]
        for end in sorted(ends, reverse=True):
            if self.width(unit[:end], bold) <= room:
                return unit[:end], unit[end:]
        return None

    def wrap(self, text: str, width: float, bold: bool = False) -> list[str]:
        """Wrap one hard line; a word wider than the cell overflows it on a line of its own."""
        units = wrap_units(text)
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        while units:
            unit = units.pop(0)
            extra = self.width(unit, bold) + (self.space(bold) if current else 0.0)
            if used + extra <= width + 0.01:
                current.append(unit)
                used += extra
                continue
            room = width - used - (self.space(bold) if current else 0.0)
            split = self.hyphen_split(unit, room, bold)
            if split:  # break after the hyphen
                current.append(split[0])
                units.insert(0, split[1])
            elif not current:  # wider than the cell: overflows it
                current.append(unit)
            else:
                units.insert(0, unit)
            lines.append(" ".join(current))
            current, used = [], 0.0
        if current:
            lines.append(" ".join(current))
        return lines


@dataclass
class Page:
    """One page of the plan: a table page with its rows, or a non-table page."""

    kind: str  # "table", "cover", "title", "key" or "notes"
    header: bool = False  # the table header row is drawn on this page
    rows: list[Placed] = field(default_factory=list)


class Frame:
    """Page-level positions for a style."""

    def __init__(self, style: ZooStyle, text: Text) -> None:
        self.style, self.text = style, text
        self.width, self.height = PAGE_SIZES[style.page_size]
        left, right, top, bottom = MARGINS
        self.left, self.right = left, self.width - right
        table_width = self.right - self.left
        fractions = COLUMNS[style.columns]
        self.col_widths = [w * table_width / sum(fractions) for w in fractions]
        self.col_x = [self.left + sum(self.col_widths[:i]) for i in range(7)]
        self.text_widths = [w - 2 * PADDING for w in self.col_widths]
        self.page_top = self.height - top
        title = TITLE_SIZE * 1.3 + (2 * SIZE * 1.5 if style.title_lines == "3" else 0)
        self.header_bottom = self.page_top - title - 24
        self.table_header = [
            [Line(t, bold=True) for t in text.wrap(h, self.text_widths[i], bold=True)]
            for i, h in enumerate(HEADERS)
        ]
        self.table_header_height = max(map(len, self.table_header)) * LEADING + 2 * PADDING
        self.footer_top = bottom + 3 * SIZE * 1.35 + 4
        self.body_bottom = self.footer_top + 2
        self.banner_height = LEADING + 2 * PADDING

    def body_top(self, header: bool) -> float:
        """Where rows start on a table page with or without the header row."""
        return self.header_bottom - (self.table_header_height if header else 0.0)

    def lines_fitting(self, y: float) -> int:
        """How many text lines fit between `y` and the bottom of the table area."""
        return math.floor((y - self.body_bottom - 2 * PADDING) / LEADING)


def status_cell(text: Text, width: float, m: Measure, forecast: bool, style: ZooStyle) -> Cell:
    """Status label (unless shown by colour only), then the column's data lines."""
    status = m.forecast_status if forecast else m.quarterly_status
    target = m.forecast_target if forecast else m.quarterly_target
    actual = m.forecast_actual if forecast else m.quarterly_actual
    cell: Cell = []
    if status and not (style.status_display == "colour-only" and status in COLOURED):
        cell += [Line(t, bold=True) for t in text.wrap(status, width, bold=True)]
    cell.append(Line("Forecast data" if forecast else "Quarterly data"))
    for hard in format_value("Target", target, m.unit) + format_value("Actual", actual, m.unit):
        cell += [Line(t) for t in text.wrap(hard, width)]
    return cell


def details_cell(text: Text, width: float, code: str, separator: str, title: str) -> Cell:
    """Code and title: the code inline, on a line of its own, or wrapped after its first word."""
    wrap = text.style.code_wrap
    words = code.split()
    if wrap == "own-line":
        head = [f"{code}{separator}".rstrip()]
        return [Line(t) for t in head + text.wrap(title, width)]
    if wrap == "wrapped" and len(words) > 1:
        rest = NBSP.join(words[1:])
        return [Line(t) for t in [words[0], *text.wrap(f"{rest}{separator}{title}", width)]]
    return [Line(t) for t in text.wrap(f"{NBSP.join(words)}{separator}{title}", width)]


def measure_cells(
    text: Text, widths: Sequence[float], m: Measure, draw: Callable[[str], str]
) -> list[Cell]:
    """The seven cells of a measure row (texts as the producer draws them)."""
    dm = replace(m, **{k: draw(getattr(m, k)) for k in TEXT_FIELDS})
    return [
        details_cell(text, widths[0], dm.code, dm.code_separator, dm.title),
        status_cell(text, widths[1], dm, False, text.style),
        status_cell(text, widths[2], dm, True, text.style),
        [Line(dm.direction)] if dm.direction else [],
        # the reference renderer's paragraph and bullet rules, with this style's wrapping
        commentary_cell(text, widths[4], dm.context),  # type: ignore[arg-type]
        commentary_cell(text, widths[5], dm.actions),  # type: ignore[arg-type]
        commentary_cell(text, widths[6], dm.intervention),  # type: ignore[arg-type]
    ]


def plan(
    measures: Sequence[Measure], style: ZooStyle, frame: Frame, draw: Callable[[str], str]
) -> tuple[list[Page], dict[int, list[int]]]:
    """Place banners and measure rows on pages; `pages_of[i]` lists measure i's 1-based pages."""
    text = frame.text
    pages = [Page(kind) for kind in front_pages(style)]
    pages_of: dict[int, list[int]] = {}

    def new_page() -> float:
        first = not any(p.kind == "table" for p in pages)
        header = first or style.header_repeat == "yes"
        pages.append(Page("table", header=header))
        return frame.body_top(header)

    y = new_page()
    directorate = None
    for index, m in enumerate(measures):
        if m.directorate != directorate:
            directorate = m.directorate
            if y - frame.banner_height < frame.body_bottom:
                y = new_page()
            banner = Placed("banner", y, frame.banner_height, text=f"Directorate : {directorate}")
            pages[-1].rows.append(banner)
            y -= frame.banner_height
        remaining = measure_cells(text, frame.text_widths, m, draw)
        fills = [None, fill_for(style, m.quarterly_status), fill_for(style, m.forecast_status)]
        fills += [None] * 4
        first = True
        while True:
            fit = frame.lines_fitting(y)
            need = max(len(c) for c in remaining)
            fresh = frame.lines_fitting(frame.body_top(style.header_repeat == "yes"))
            if first and need > fit and (fit < 4 or (style.row_split == "keep" and need <= fresh)):
                y, first = new_page(), False
                continue
            cuts = [split_point(c, fit, i in COMMENTARY_COLUMNS) for i, c in enumerate(remaining)]
            here = [c[:k] for c, k in zip(remaining, cuts, strict=True)]
            if not any(here):
                y, first = new_page(), False
                continue
            height = max(len(c) for c in here) * LEADING + 2 * PADDING
            row = Placed("measure", y, height, here, list(fills), measure_index=index)
            pages[-1].rows.append(row)
            pages_of.setdefault(index, []).append(len(pages))
            remaining = [c[k:] for c, k in zip(remaining, cuts, strict=True)]
            if not any(remaining):
                y -= height
                break
            y, first = new_page(), False
    pages += [Page(kind) for kind in back_pages(style)]
    return pages, pages_of
