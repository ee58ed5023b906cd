"""Draw a sample scorecard report with reportlab in the layout of the council's real PDFs.

Layout: landscape pages, a page header (report name, council, period end), a seven-column table
whose header row repeats on every page, directorate banner rows spanning the table, status cells
filled with their status colour, and a three-line page footer. A measure row that does not fit
runs over the page break. With `Style.keep_together` (default style) a row that would fit on a
fresh page moves there; a taller row starts where it is when at least `Style.min_start_lines`
lines fit, and every cell continues at the top of the next page under the repeated header.

Guarantees the extractor can rely on (and the truth files assume):
- A commentary cell is only ever split between two lines of the same paragraph, never at a
  paragraph gap, so the continuation joins with one space (or a new line before a "-" bullet).
- A wrapped line never starts with "-": a line that starts with "-" is a bullet line.
- A new measure row always starts with the status label at the top of both status cells; the
  first row of a page without a label there is the continuation of the previous page's last row.
- A measure code is never wrapped.

The default style reproduces the real PDF's text layer: glyphs are placed one by one (a PDF TJ
array) with irregular letter gaps, so a plain text dump splits words ("T he  ta rge t"), while
the gaps between words are clearly larger than any letter gap (geometry-based word grouping with
a tolerance between the two works: in the default style, 7.5 pt Helvetica, letter gaps are
<= 1.45 pt and word gaps 4.1 pt; pdfplumber's default x_tolerance of 3 groups them right).
No space glyphs are drawn in that style. Curly quotes are drawn as the real PDF's mis-mapped
characters ($ ! " #). The alt style draws plain strings (with spaces) in other fonts and sizes on
another page size with other column widths.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from samples.model import (
    COUNCIL,
    DATA_SOURCE,
    FOOTER_DIRECTORATE,
    REPORT_NAME,
    TEAM,
    Measure,
    Report,
    fetched_label,
    mismap,
    period_label,
)

RGB = tuple[float, float, float]
HEADERS = (
    "Measure Details",
    "Quarterly Target Status",
    "Forecast Year End Status",
    "Performance VS Target",
    "Context for Current Performance",
    "Improvement Actions Taken",
    "Intervention / Review",
)
COMMENTARY_COLUMNS = (4, 5, 6)
NBSP = "\u00a0"  # joins tokens that must not be wrapped apart; drawn as a word gap


@dataclass(frozen=True)
class Style:
    """Everything about the look of a rendering that may vary without changing the content."""

    name: str
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    font: str
    bold_font: str
    font_size: float
    leading: float
    title_size: float
    column_widths: tuple[float, ...]  # fractions of the table width
    fills: dict[str, RGB]
    header_fill: RGB
    banner_fill: RGB
    letter_spacing: bool
    padding: float = 3.0
    min_start_lines: int = 4
    keep_together: bool = True  # move a row that would fit on a fresh page to the next page
    header_space: float = 0.0  # extra space under the page header
    line_width: float = 0.5
    word_gap_extra: float = 1.9  # added to the space width between words (letter-spaced style)


DEFAULT = Style(
    name="default",
    pagesize=landscape(A4),
    margins=(22.0, 22.0, 18.0, 16.0),
    font="Helvetica",
    bold_font="Helvetica-Bold",
    font_size=7.5,
    leading=9.75,
    title_size=12.0,
    column_widths=(112, 62, 62, 62, 190, 184, 130),
    fills={
        "Red": (1.0, 0.38, 0.38),
        "Amber": (1.0, 0.76, 0.25),
        "Green": (0.45, 0.82, 0.45),
        "Blue": (0.42, 0.65, 1.0),
        "N/A": (0.8, 0.8, 0.8),
        "Annual Collection": (0.82, 0.74, 0.95),
    },
    header_fill=(0.86, 0.86, 0.86),
    banner_fill=(0.78, 0.86, 0.94),
    letter_spacing=True,
    header_space=44.0,
)

ALT = Style(
    name="alt",
    pagesize=landscape(letter),
    margins=(36.0, 30.0, 28.0, 24.0),
    font="Times-Roman",
    bold_font="Times-Bold",
    font_size=8.0,
    leading=9.5,
    title_size=14.0,
    column_widths=(130, 72, 72, 66, 160, 150, 140),
    fills={
        "Red": (0.85, 0.2, 0.2),
        "Amber": (0.95, 0.6, 0.1),
        "Green": (0.2, 0.65, 0.3),
        "Blue": (0.25, 0.45, 0.85),
        "N/A": (0.7, 0.7, 0.7),
        "Annual Collection": (0.6, 0.8, 0.8),
    },
    header_fill=(0.75, 0.8, 0.9),
    banner_fill=(0.9, 0.9, 0.75),
    letter_spacing=False,
    padding=4.0,
    min_start_lines=5,
    keep_together=False,
)

STYLES = {"default": DEFAULT, "alt": ALT}


@dataclass(frozen=True)
class Line:
    """One printed line of a cell; an empty text is the blank line between paragraphs."""

    text: str
    bold: bool = False


Cell = list[Line]


@dataclass
class Placed:
    """A row (or the part of a row) placed on a page."""

    kind: str  # "measure" or "banner"
    top: float
    height: float
    cells: list[Cell] = field(default_factory=list)
    fills: list[RGB | None] = field(default_factory=list)
    text: str = ""
    measure_index: int = -1


@dataclass
class Layout:
    """The report laid out on pages; `pages_of[i]` lists the 1-based pages of measure i."""

    pages: list[list[Placed]]
    pages_of: dict[int, list[int]]


class Metrics:
    """Text measuring and wrapping for one style (letter-spaced or plain)."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.scale = style.font_size / 7.0

    def char_gaps(self, word: str) -> list[float]:
        """The extra gap after each glyph of a word but the last (letter-spaced style only)."""
        if not self.style.letter_spacing:
            return [0.0] * max(len(word) - 1, 0)
        gaps = []
        for i in range(len(word) - 1):
            h = zlib.crc32(f"{word}|{i}".encode())
            a, b = word[i], word[i + 1]
            split = (a.isupper() and b.islower() and h % 10 < 8) or h % 100 < 30
            gap = 1.05 + (h % 7) * 0.05 if split else (h % 5) * 0.04
            gaps.append(gap * self.scale)
        return gaps

    def word_width(self, word: str, bold: bool = False) -> float:
        """Width of one word (no spaces) including its letter gaps."""
        font = self.style.bold_font if bold else self.style.font
        width = stringWidth(word, font, self.style.font_size)
        return width + sum(self.char_gaps(word))

    def space(self, bold: bool = False) -> float:
        """The gap between two words."""
        font = self.style.bold_font if bold else self.style.font
        width = stringWidth(" ", font, self.style.font_size)
        return width + (self.style.word_gap_extra * self.scale if self.style.letter_spacing else 0)

    def unit_width(self, unit: str, bold: bool = False) -> float:
        """Width of a token whose words are joined by NBSP."""
        words = unit.split(NBSP)
        return sum(self.word_width(w, bold) for w in words) + self.space(bold) * (len(words) - 1)

    def wrap(self, text: str, width: float, bold: bool = False) -> list[str]:
        """Wrap one hard line to `width`; a wrapped line never starts with "-"."""
        units = wrap_units(mismap(text))
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for unit in units:
            w = self.unit_width(unit, bold)
            if w > width + 0.01:
                raise ValueError(
                    f"word {unit!r} ({w:.1f}pt) is wider than its cell ({width:.1f}pt)"
                )
            extra = w if not current else self.space(bold) + w
            if current and used + extra > width:
                lines.append(" ".join(current))
                current, used = [unit], w
            else:
                current.append(unit)
                used += extra
        if current:
            lines.append(" ".join(current))
        return lines


def wrap_units(text: str) -> list[str]:
    """The words of a line, a word starting with "-" joined (NBSP) to the one before it, so that
    a wrapped line never starts with "-" (a line that does is a bullet)."""
    units: list[str] = []
    for token in (t for t in text.split(" ") if t):
        if units and token.startswith("-"):
            units[-1] += NBSP + token
        else:
            units.append(token)
    return units


def format_value(label: str, value: str | None, unit: str | None) -> list[str]:
    """The hard lines of a "Target X" / "Actual Y" entry; a population unit gets its own lines."""
    lines = [f"{label} {value}" if value else label]
    if unit and unit.startswith("per ") and value:
        lines += [" ".join(unit.split()[:2]), unit.split()[2]]
    return lines


def status_cell(metrics: Metrics, width: float, m: Measure, forecast: bool) -> Cell:
    """Status label, then the data lines of the quarterly or forecast column."""
    status = m.forecast_status if forecast else m.quarterly_status
    target = m.forecast_target if forecast else m.quarterly_target
    actual = m.forecast_actual if forecast else m.quarterly_actual
    cell: Cell = []
    if status:
        cell += [Line(t, bold=True) for t in metrics.wrap(status, width, bold=True)]
    cell.append(Line("Forecast data" if forecast else "Quarterly data"))
    for hard in format_value("Target", target, m.unit) + format_value("Actual", actual, m.unit):
        cell += [Line(t) for t in metrics.wrap(hard, width)]
    return cell


def commentary_cell(metrics: Metrics, width: float, text: str) -> Cell:
    """Paragraphs separated by a blank line, bullet lines on their own line."""
    cell: Cell = []
    for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if i:
            cell.append(Line(""))
        for hard in paragraph.split("\n"):
            cell += [Line(t) for t in metrics.wrap(hard, width)]
    return cell


def measure_cells(metrics: Metrics, widths: Sequence[float], m: Measure) -> list[Cell]:
    """The seven cells of a measure row."""
    code = NBSP.join(mismap(m.code).split())
    details = f"{code}{m.code_separator}{m.title}"
    return [
        [Line(t) for t in metrics.wrap(details, widths[0])],
        status_cell(metrics, widths[1], m, forecast=False),
        status_cell(metrics, widths[2], m, forecast=True),
        [Line(m.direction)] if m.direction else [],
        commentary_cell(metrics, widths[4], m.context),
        commentary_cell(metrics, widths[5], m.actions),
        commentary_cell(metrics, widths[6], m.intervention),
    ]


def split_point(cell: Cell, fit: int, commentary: bool) -> int:
    """How many lines of `cell` go on this page: at most `fit`, never at a paragraph gap."""
    k = min(fit, len(cell))
    if k == len(cell):
        return k
    if commentary:
        while k > 0 and (not cell[k - 1].text or not cell[k].text):
            k -= 1
    return k


class Geometry:
    """Page-level positions derived from a style."""

    def __init__(self, style: Style, metrics: Metrics) -> None:
        self.style = style
        width, height = style.pagesize
        left, right, top, bottom = style.margins
        self.left, self.right = left, width - right
        self.table_width = self.right - self.left
        total = sum(style.column_widths)
        self.col_widths = [w * self.table_width / total for w in style.column_widths]
        self.col_x = [self.left + sum(self.col_widths[:i]) for i in range(7)]
        self.text_widths = [w - 2 * style.padding for w in self.col_widths]
        self.page_top = height - top
        self.header_bottom = (
            self.page_top
            - style.title_size * 1.3
            - 2 * style.font_size * 1.5
            - 6
            - style.header_space
        )
        self.table_header = [
            [Line(t, bold=True) for t in metrics.wrap(h, self.text_widths[i], bold=True)]
            for i, h in enumerate(HEADERS)
        ]
        rows = max(len(c) for c in self.table_header)
        self.table_header_height = rows * style.leading + 2 * style.padding
        self.body_top = self.header_bottom - self.table_header_height
        self.footer_top = bottom + 3 * style.font_size * 1.35 + 4
        self.body_bottom = self.footer_top + 2
        self.banner_height = style.leading + 2 * style.padding

    def row_height(self, cells: Sequence[Cell]) -> float:
        """Height of a row part holding these cells."""
        return max((len(c) for c in cells), default=0) * self.style.leading + 2 * self.style.padding

    def lines_fitting(self, y: float) -> int:
        """How many text lines fit between `y` and the bottom of the table area."""
        return math.floor((y - self.body_bottom - 2 * self.style.padding) / self.style.leading)


def layout_report(report: Report, style: Style) -> Layout:
    """Place banners and measure rows on pages, splitting rows over page breaks."""
    metrics = Metrics(style)
    geo = Geometry(style, metrics)
    pages: list[list[Placed]] = [[]]
    pages_of: dict[int, list[int]] = {}
    y = geo.body_top
    directorate = None

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = geo.body_top

    for index, m in enumerate(report.measures):
        if m.directorate != directorate:
            directorate = m.directorate
            if y - geo.banner_height < geo.body_bottom:
                new_page()
            pages[-1].append(
                Placed("banner", y, geo.banner_height, text=f"Directorate : {m.directorate}")
            )
            y -= geo.banner_height
        remaining = measure_cells(metrics, geo.text_widths, m)
        fills: list[RGB | None] = [None] * 7
        fills[1] = style.fills.get(m.quarterly_status or "")
        fills[2] = style.fills.get(m.forecast_status or "")
        first = True
        while True:
            fit = geo.lines_fitting(y)
            need = max(len(c) for c in remaining)
            if need <= fit:
                height = geo.row_height(remaining)
                pages[-1].append(
                    Placed("measure", y, height, remaining, fills, measure_index=index)
                )
                pages_of.setdefault(index, []).append(len(pages))
                y -= height
                break
            fits_fresh = need <= geo.lines_fitting(geo.body_top)
            if first and (fit < style.min_start_lines or (style.keep_together and fits_fresh)):
                new_page()
                first = False
                continue
            cuts = [split_point(c, fit, i in COMMENTARY_COLUMNS) for i, c in enumerate(remaining)]
            here = [c[:k] for c, k in zip(remaining, cuts, strict=True)]
            if not any(here):
                if y == geo.body_top:
                    raise ValueError(f"{m.code}: a cell cannot be split over a page break")
                new_page()
                continue
            height = geo.row_height(here)
            pages[-1].append(Placed("measure", y, height, here, fills, measure_index=index))
            pages_of.setdefault(index, []).append(len(pages))
            remaining = [c[k:] for c, k in zip(remaining, cuts, strict=True)]
            new_page()
            first = False
    return Layout(pages, pages_of)


def pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsi encoding."""
    out = []
    for byte in text.encode("cp1252"):
        ch = chr(byte)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def draw_text(c: Canvas, metrics: Metrics, x: float, y: float, text: str, bold: bool) -> None:
    """Draw one line: glyph by glyph with letter gaps (default) or as a plain string (alt)."""
    style = metrics.style
    font = style.bold_font if bold else style.font
    if not style.letter_spacing:
        c.setFont(font, style.font_size)
        c.drawString(x, y, text.replace(NBSP, " "))
        return
    size = style.font_size
    items: list[str] = []
    for w_i, word in enumerate(text.replace(NBSP, " ").split(" ")):
        if w_i:
            items.append(f"{-metrics.space(bold) * 1000 / size:.1f}")
        gaps = metrics.char_gaps(word)
        for i, ch in enumerate(word):
            items.append(pdf_string(ch))
            if i < len(gaps) and gaps[i]:
                items.append(f"{-gaps[i] * 1000 / size:.1f}")
    tx = c.beginText(x, y)
    tx.setFont(font, size)
    tx._code.append("[" + " ".join(items) + "] TJ")
    c.drawText(tx)


def draw_cell_lines(
    c: Canvas, metrics: Metrics, x: float, top: float, lines: Sequence[Line]
) -> None:
    """Draw the lines of a cell from its top edge."""
    style = metrics.style
    for i, line in enumerate(lines):
        if line.text:
            baseline = top - style.padding - (i + 1) * style.leading + 0.25 * style.leading
            draw_text(c, metrics, x + style.padding, baseline, line.text, line.bold)


def draw_page_frame(
    c: Canvas, report: Report, geo: Geometry, metrics: Metrics, page: int, count: int
) -> None:
    """Page header, table header row and page footer."""
    style = geo.style
    c.setFillColorRGB(0, 0, 0)
    y = geo.page_top - style.title_size
    c.setFont(style.bold_font, style.title_size)
    c.drawString(geo.left, y, REPORT_NAME)
    c.setFont(style.font, style.font_size * 1.3)
    y -= style.font_size * 1.5 + 3
    c.drawString(geo.left, y, COUNCIL)
    y -= style.font_size * 1.5
    c.drawString(geo.left, y, period_label(report.period_end))
    top = geo.header_bottom
    c.setLineWidth(style.line_width)
    for i in range(7):
        c.setFillColorRGB(*style.header_fill)
        c.rect(
            geo.col_x[i],
            top - geo.table_header_height,
            geo.col_widths[i],
            geo.table_header_height,
            stroke=1,
            fill=1,
        )
        c.setFillColorRGB(0, 0, 0)
        draw_cell_lines(c, metrics, geo.col_x[i], top, geo.table_header[i])
    fetched = report.time_fetched
    stamp = fetched_label(fetched)
    size = style.font_size
    y = geo.footer_top - size * 1.2
    c.setFont(style.font, size)
    c.drawString(geo.left, y, f"Data Source: {DATA_SOURCE}")
    c.drawCentredString((geo.left + geo.right) / 2, y, FOOTER_DIRECTORATE)
    c.drawRightString(geo.right, y, f"Page {page} of {count}")
    y -= size * 1.35
    c.drawString(geo.left, y, f"Time Fetched: {stamp}")
    c.drawRightString(geo.right, y, TEAM)
    y -= size * 1.35
    c.drawString(geo.left, y, f"Report Name: {REPORT_NAME}")


def draw_row(c: Canvas, geo: Geometry, metrics: Metrics, row: Placed) -> None:
    """A banner or a measure row part with its fills and borders."""
    style = geo.style
    bottom = row.top - row.height
    c.setLineWidth(style.line_width)
    if row.kind == "banner":
        c.setFillColorRGB(*style.banner_fill)
        c.rect(geo.left, bottom, geo.table_width, row.height, stroke=1, fill=1)
        c.setFillColorRGB(0, 0, 0)
        draw_cell_lines(c, metrics, geo.left, row.top, [Line(row.text, bold=True)])
        return
    for i, cell in enumerate(row.cells):
        fill = row.fills[i]
        if fill is not None:
            c.setFillColorRGB(*fill)
        c.rect(geo.col_x[i], bottom, geo.col_widths[i], row.height, stroke=1, fill=fill is not None)
        c.setFillColorRGB(0, 0, 0)
        draw_cell_lines(c, metrics, geo.col_x[i], row.top, cell)


def render_report(report: Report, style: Style = DEFAULT) -> tuple[bytes, Layout]:
    """Render a report to PDF bytes (byte-identical on rerun) and return its layout."""
    metrics = Metrics(style)
    geo = Geometry(style, metrics)
    layout = layout_report(report, style)
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=style.pagesize, invariant=1, pageCompression=1)
    c.setTitle(f"{REPORT_NAME} {period_label(report.period_end)}")
    c.setAuthor(TEAM)
    c.setCreator("DORIS")
    count = len(layout.pages)
    for number, rows in enumerate(layout.pages, start=1):
        draw_page_frame(c, report, geo, metrics, number, count)
        for row in rows:
            draw_row(c, geo, metrics, row)
        c.showPage()
    c.save()
    return buffer.getvalue(), layout
