"""Draw a placed report (`samples.zoo.layout.plan`) on a producer's drawing surface.

One painter for reportlab and fpdf2: the style's look (rulings, title block, faux bold, letter
spacing, superscript ordinals) is decided here, the producer only puts glyphs, lines and fills
on the page (`Surface`). Coordinates are PDF points from the bottom-left corner.
"""

from __future__ import annotations

import re
from typing import Protocol

from samples.cells import NBSP, Line
from samples.model import Report
from samples.paging import Placed
from samples.zoo.furniture import NOTES, RAG_KEY, cover_lines, footer_lines, title_block
from samples.zoo.layout import LEADING, PADDING, SIZE, TITLE_SIZE, Frame, Page, Text, visible
from samples.zoo.styles import RGB, ZooStyle, fill_for, ink_on

HEADER_FILL: RGB = (0.86, 0.86, 0.86)
BANNER_FILL: RGB = (0.78, 0.86, 0.94)
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
FAUX_OFFSET = 0.3  # faux bold: the second copy of each glyph, this far to the right


class Surface(Protocol):
    """What a producer offers the painter."""

    def new_page(self, width: float, height: float) -> None: ...
    def rect(
        self, x: float, y: float, w: float, h: float, fill: RGB | None, stroke: bool
    ) -> None: ...
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None: ...
    def ink(self, colour: RGB) -> None: ...
    def text(
        self, x: float, y: float, text: str, bold: bool, size: float, char_space: float
    ) -> None: ...
    def measure(self, text: str, bold: bool, size: float) -> float: ...


class Painter:
    """Draws pages of one report in one style."""

    def __init__(self, surface: Surface, style: ZooStyle, report: Report) -> None:
        self.surface, self.style, self.report = surface, style, report
        faux = style.faux_bold == "on"
        self.text = Text(style, lambda t, bold: surface.measure(t, bold and not faux, SIZE))
        self.frame = Frame(style, self.text)

    # -- text ----------------------------------------------------------------------------
    def write(self, x: float, y: float, text: str, bold: bool = False, size: float = SIZE) -> None:
        """One line of text; bold is faux bold (drawn twice) when the style says so."""
        faux = bold and self.style.faux_bold == "on"
        for dx in (0.0, FAUX_OFFSET) if faux else (0.0,):
            self._runs(x + dx, y, visible(text).replace(NBSP, " "), bold and not faux, size)

    def _segments(self, text: str) -> list[tuple[str, bool]]:
        """The text cut into (run, is_superscript) pieces."""
        if self.style.superscripts != "on":
            return [(text, False)]
        pieces, last = [], 0
        for match in _ORDINAL.finditer(text):
            pieces += [(text[last : match.start()], False), (match.group(), True)]
            last = match.end()
        return [p for p in [*pieces, (text[last:], False)] if p[0]]

    def _runs(self, x: float, y: float, text: str, bold: bool, size: float) -> None:
        """Draw runs (or, letter-spaced irregularly, glyphs one by one) from x."""
        cs = self.text.char_space
        for run, sup in self._segments(text):
            run_size, rise = (size * 0.65, size * 0.35) if sup else (size, 0.0)
            if self.style.letter_spacing != "irregular":
                self.surface.text(x, y + rise, run, bold, run_size, cs)
                x += self.surface.measure(run, bold, run_size) + cs * len(run)
                continue
            for i, word in enumerate(run.split(" ")):
                if i:
                    x += self.text.space(bold) * run_size / SIZE
                gaps = [*self.text.gaps(word), 0.0]
                for ch, gap in zip(word, gaps, strict=False):
                    self.surface.text(x, y + rise, ch, bold, run_size, 0.0)
                    x += self.surface.measure(ch, bold, run_size) + gap

    def width(self, text: str, bold: bool, size: float) -> float:
        """Width of a plain line (no letter spacing)."""
        return self.surface.measure(text, bold and self.style.faux_bold != "on", size)

    def cell_lines(self, x: float, top: float, lines: list[Line]) -> None:
        """The lines of a cell from its top edge."""
        for i, line in enumerate(lines):
            if line.text:
                baseline = top - PADDING - (i + 1) * LEADING + 0.25 * LEADING
                self.write(x + PADDING, baseline, line.text, line.bold)

    # -- boxes ---------------------------------------------------------------------------
    def boxes(self, top: float, height: float, fills: list[RGB | None], spans: bool) -> None:
        """Fills and rulings of one table row (`spans`: one cell over the table width)."""
        f = self.frame
        bottom = top - height
        xs = [f.left] if spans else f.col_x
        ws = [f.right - f.left] if spans else f.col_widths
        grid = self.style.rulings == "grid"
        for x, w, fill in zip(xs, ws, fills, strict=False):
            if fill is not None or grid:
                self.surface.rect(x, bottom, w, height, fill, stroke=grid)
        if self.style.rulings == "horizontal":
            self.surface.line(f.left, top, f.right, top)
            self.surface.line(f.left, bottom, f.right, bottom)

    def row(self, row: Placed) -> None:
        """A banner or a measure row part."""
        if row.kind == "banner":
            self.boxes(row.top, row.height, [BANNER_FILL], spans=True)
            self.cell_lines(self.frame.left, row.top, [Line(row.text, bold=True)])
            return
        self.boxes(row.top, row.height, row.fills, spans=False)
        for x, cell, fill in zip(self.frame.col_x, row.cells, row.fills, strict=True):
            self.surface.ink(ink_on(self.style, fill))
            self.cell_lines(x, row.top, cell)
        self.surface.ink((0.0, 0.0, 0.0))

    # -- page furniture ------------------------------------------------------------------
    def title_block(self) -> None:
        """Report name, council and period: on three lines, or spread along one."""
        f, lines = self.frame, title_block(self.report, self.style)
        y = f.page_top - TITLE_SIZE
        self.write(f.left, y, lines[0], bold=True, size=TITLE_SIZE)
        size = SIZE * 1.3
        if self.style.title_lines == "1":
            self.write(
                (f.left + f.right - self.width(lines[1], False, size)) / 2, y, lines[1], size=size
            )
            self.write(f.right - self.width(lines[2], False, size), y, lines[2], size=size)
            return
        for text in lines[1:]:
            y -= SIZE * 1.5 + (3 if text == lines[1] else 0)
            self.write(f.left, y, text, size=size)

    def header_row(self) -> None:
        """The table header row."""
        f = self.frame
        fill = None if self.style.rulings == "none" else HEADER_FILL
        self.boxes(f.header_bottom, f.table_header_height, [fill] * 7, spans=False)
        for x, cell in zip(f.col_x, f.table_header, strict=True):
            self.cell_lines(x, f.header_bottom, cell)

    def footer(self, number: int, count: int) -> None:
        """The three footer lines."""
        f = self.frame
        y = f.footer_top - SIZE * 1.2
        for left, centre, right in footer_lines(self.report, number, count):
            self.write(f.left, y, left)
            if centre:
                self.write((f.left + f.right - self.width(centre, False, SIZE)) / 2, y, centre)
            if right:
                self.write(f.right - self.width(right, False, SIZE), y, right)
            y -= SIZE * 1.35

    def rag_key(self, top: float) -> None:
        """The key to the status colours: a swatch, the status and what it means."""
        f = self.frame
        self.write(f.left, top, "Key to status", bold=True, size=TITLE_SIZE)
        y = top - 24
        for status, meaning in RAG_KEY:
            self.surface.rect(f.left, y - 3, 24, 12, fill_for(self.style, status), stroke=True)
            self.write(f.left + 32, y, status, bold=True)
            self.write(f.left + 120, y, meaning)
            y -= 18

    def non_table(self, kind: str) -> None:
        """A cover, title, key or notes page."""
        f = self.frame
        if kind in ("cover", "title"):
            y = f.height * 0.7
            for i, line in enumerate(cover_lines(self.report, self.style)):
                size = (20, 14, 12, 12, 10)[i]
                self.write((f.width - self.width(line, i == 0, size)) / 2, y, line, i == 0, size)
                y -= size * 1.8
            if kind == "cover":
                self.rag_key(y - 30)
            return
        self.title_block()
        if kind == "key":
            self.rag_key(f.header_bottom - 10)
            return
        y = f.header_bottom - 10
        self.write(f.left, y, NOTES[0], bold=True, size=TITLE_SIZE)
        for paragraph in NOTES[1:]:
            y -= LEADING
            for line in self.text.wrap(paragraph, f.width * 0.6):
                y -= LEADING
                self.write(f.left, y, line)

    def page(self, page: Page, number: int, count: int) -> None:
        """One whole page."""
        self.surface.new_page(self.frame.width, self.frame.height)
        if page.kind != "table":
            self.non_table(page.kind)
        else:
            self.title_block()
            if page.header:
                self.header_row()
            for row in page.rows:
                self.row(row)
        self.footer(number, count)
