"""Small scorecard-like PDFs drawn by the tests themselves (reportlab), in a geometry of our own.

They are not the sample generator's: other column widths, lines instead of cell boxes (or no
rulings at all), centred header labels. The layout and error tests use them to show that the
extractor reads geometry rather than one renderer's coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

HEADER_LABELS = (
    ("Measure Details",),
    ("Quarterly", "Target", "Status"),
    ("Forecast", "Year End", "Status"),
    ("Performance", "VS Target"),
    ("Context for Current Performance",),
    ("Improvement Actions Taken",),
    ("Intervention / Review",),
)
WIDTHS = (128.0, 64.0, 64.0, 58.0, 176.0, 176.0, 126.0)
FILLS = {
    "Red": (0.9, 0.1, 0.1),
    "Amber": (1.0, 0.7, 0.0),
    "Green": (0.1, 0.7, 0.2),
    "Blue": (0.2, 0.4, 0.9),
}
LEADING = 9.0
SIZE = 7.0


@dataclass
class Row:
    """One measure row (or the part of one on a page); each cell is a list of printed lines."""

    details: list[str]
    quarterly: list[str] = field(default_factory=list)
    forecast: list[str] = field(default_factory=list)
    performance: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    intervention: list[str] = field(default_factory=list)
    fills: tuple[str | None, str | None] = (None, None)

    def cells(self) -> list[list[str]]:
        """The seven cells in column order."""
        return [
            self.details,
            self.quarterly,
            self.forecast,
            self.performance,
            self.context,
            self.actions,
            self.intervention,
        ]


def measure(code: str, title: str, status: str = "Red", **cells: list[str]) -> Row:
    """A typical measure row with both status cells filled and simple values."""
    row = Row(
        details=[f"{code} {title}"],
        quarterly=[status, "Quarterly data", "Target 98.0%", "Actual 97.8%"],
        forecast=[status, "Forecast data", "Target 98.0%", "Actual 97.8%"],
        performance=["Improving"],
        context=["Context line one", "wraps here.", "", "Second paragraph."],
        actions=["Actions taken."],
        intervention=["Reviewed in 2018."],
        fills=(status if status in FILLS else None, status if status in FILLS else None),
    )
    for name, lines in cells.items():
        setattr(row, name, lines)
    return row


def scorecard_pdf(
    path: Path,
    pages: list[list[Row | str]],
    *,
    table_header: bool | list[bool] = True,
    rulings: bool = True,
    title: str = "Improvement Report - Council Scorecard",
    stated_pages: int | None = None,
    encrypt: str | None = None,
    periods: list[str] | None = None,
    front: tuple[str, ...] = (),
    one_line_title: bool = False,
    stamp: str | None = None,
    notes: tuple[str, ...] = (),
) -> Path:
    """Draw pages of banner strings ("Directorate : X") and measure rows to ``path``, after
    the ``front`` pages ("cover", "key" for a RAG key, "blank"); ``stamp`` is text drawn at
    an angle over each table page; ``notes`` are lines of prose below the last page's table."""
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1, encrypt=encrypt)
    for kind in front:
        _front_page(canvas, kind, title)
    headers = table_header if isinstance(table_header, list) else [table_header] * len(pages)
    count = stated_pages or len(pages) + len(front)
    for number, rows in enumerate(pages, len(front) + 1):
        period = periods[number - len(front) - 1] if periods else "31-Mar-2018"
        _page_frame(canvas, number, count, title, period, one_line_title)
        y = 470.0
        if headers[number - len(front) - 1]:
            y = _table_header(canvas, y, rulings)
        for row in rows:
            y = (
                _banner(canvas, y, row, rulings)
                if isinstance(row, str)
                else _row(canvas, y, row, rulings)
            )
        if number == len(pages) + len(front):
            canvas.setFont("Helvetica", SIZE)
            for index, text in enumerate(notes):
                canvas.drawString(30, y - 20 - index * LEADING, text)
        if stamp:
            canvas.saveState()
            canvas.translate(400, 300)
            canvas.rotate(45)
            canvas.drawString(0, 0, stamp)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return path


def _xs() -> list[float]:
    """Left x of each column (and the table's right edge)."""
    xs = [30.0]
    for width in WIDTHS:
        xs.append(xs[-1] + width)
    return xs


def _front_page(canvas: Canvas, kind: str, title: str) -> None:
    """A page before the table: a cover, a RAG key or a blank page."""
    if kind == "cover":
        canvas.setFont("Helvetica-Bold", 24)
        canvas.drawString(60, 400, title)
        canvas.setFont("Helvetica", 14)
        canvas.drawString(60, 370, "Derby City Council")
        canvas.drawString(60, 350, "Quarter 4 2017/18")
    elif kind == "key":
        canvas.setFont("Helvetica", 10)
        for i, (status, meaning) in enumerate(
            [("Red", "Target missed"), ("Amber", "Within tolerance"), ("Green", "On target")]
        ):
            canvas.setFillColorRGB(*FILLS[status])
            canvas.rect(60, 400 - 20 * i, 12, 12, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.drawString(80, 402 - 20 * i, f"{status}: {meaning}")
    canvas.showPage()


def _page_frame(
    canvas: Canvas, number: int, count: int, title: str, period: str, one_line: bool = False
) -> None:
    """Page header (title, council, period end, on three lines or one) and the footer."""
    if one_line:
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(30, 545, f"{title} | Derby City Council | {period}")
    else:
        canvas.setFont("Helvetica-Bold", 13)
        canvas.drawString(30, 555, title)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(30, 540, "Derby City Council")
        canvas.drawString(30, 528, period)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(30, 40, "Data Source: DORIS")
    canvas.drawCentredString(420, 40, "Organisation and Governance")
    canvas.drawRightString(810, 40, f"Page {number} of {count}")
    canvas.drawString(30, 30, "Time Fetched: Monday 4 June 2018 12:07:08")
    canvas.drawRightString(810, 30, "Performance and Intelligence Team")
    canvas.drawString(30, 20, "Report Name: Improvement Report - Council Scorecard")


def _table_header(canvas: Canvas, top: float, rulings: bool) -> float:
    """The header row with centred labels; returns the y under it."""
    xs = _xs()
    height = 3 * LEADING + 6
    canvas.setFont("Helvetica-Bold", SIZE)
    for i, lines in enumerate(HEADER_LABELS):
        for j, text in enumerate(lines):
            canvas.drawCentredString((xs[i] + xs[i + 1]) / 2, top - 3 - (j + 1) * LEADING + 2, text)
    if rulings:
        _grid(canvas, top, top - height)
    return top - height


def _banner(canvas: Canvas, top: float, text: str, rulings: bool) -> float:
    """A directorate banner spanning the table."""
    height = LEADING + 6
    canvas.setFont("Helvetica-Bold", SIZE)
    canvas.drawString(33, top - 3 - LEADING + 2, text)
    if rulings:
        canvas.line(30, top - height, _xs()[-1], top - height)
        canvas.line(30, top, 30, top - height)
        canvas.line(_xs()[-1], top, _xs()[-1], top - height)
    return top - height - (0 if rulings else 4)


def _row(canvas: Canvas, top: float, row: Row, rulings: bool) -> float:
    """A measure row: fills, text, and (optionally) its ruling lines; returns the y under it."""
    xs = _xs()
    height = max(len(c) for c in row.cells()) * LEADING + 6
    for column, colour in zip((1, 2), row.fills, strict=True):
        if colour is not None:
            canvas.setFillColorRGB(*FILLS[colour])
            canvas.rect(xs[column], top - height, WIDTHS[column], height, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", SIZE)
    for i, lines in enumerate(row.cells()):
        for j, text in enumerate(lines):
            canvas.drawString(xs[i] + 3, top - 3 - (j + 1) * LEADING + 2, text)
    if rulings:
        _grid(canvas, top, top - height)
    return top - height - (0 if rulings else 2 * LEADING)


def _grid(canvas: Canvas, top: float, bottom: float) -> None:
    """Lines around and between the cells of one row."""
    canvas.setLineWidth(0.5)
    for x in _xs():
        canvas.line(x, top, x, bottom)
    canvas.line(30, bottom, _xs()[-1], bottom)
    canvas.line(30, top, _xs()[-1], top)
