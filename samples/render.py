"""Draw a sample scorecard report with reportlab in the layout of the council's real PDFs.

Landscape pages with a page header (report name, council, period end), a seven-column table
whose header row repeats on every page, directorate banner rows spanning the table, status cells
filled with their status colour, and a three-line page footer; rows are placed by
:mod:`samples.paging`.

Guarantees the extractor can rely on (and the truth files assume):
- A commentary cell is only ever split between two lines of the same paragraph, never at a
  paragraph gap, so the continuation joins with one space (or a new line before a "-" bullet).
- A wrapped line never starts with "-": a line that starts with "-" is a bullet line.
- A new measure row always starts with the status label at the top of both status cells; the
  first row of a page without a label there is the continuation of the previous page's last row.
- A measure code is never wrapped.

The default style reproduces the real PDF's text layer: glyphs are placed one by one (a PDF TJ
array) with irregular letter gaps, so a plain text dump splits words ("T he  ta rge t"), while
the gaps between words are clearly larger than any letter gap (in the default style, 7.5 pt
Helvetica, letter gaps are <= 1.45 pt and word gaps 4.1 pt; pdfplumber's default x_tolerance of
3 groups them right). No space glyphs are drawn in that style. Curly quotes are drawn as the
real PDF's mis-mapped characters ($ ! " #). The alt style draws plain strings (with spaces).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.pdfgen.canvas import Canvas

from samples.cells import NBSP, Line, Metrics
from samples.model import (
    DATA_SOURCE,
    FOOTER_DIRECTORATE,
    REPORT_NAME,
    TEAM,
    Report,
    fetched_label,
    period_label,
)
from samples.paging import Geometry, Layout, Placed, layout_report
from samples.styles import ALT, DEFAULT, STYLES, Style

__all__ = ["ALT", "DEFAULT", "STYLES", "Layout", "Style", "layout_report", "render_report"]


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
    c.drawString(geo.left, y, report.council)
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
