"""Extracting a whole report: open the PDF once, read each page's layout, join rows into measures.

The steps are: check the file is a complete, readable PDF (typed errors otherwise); per page,
group glyphs into lines and find the page header, table header, row bands and footer (see
``layout``); walk the bands in order, letting banners set the directorate and joining rows that
continue over a page break; parse each measure's cells (``codes``, ``values``, ``text``).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import quantiles
from typing import Any

from scorecard.extract import layout
from scorecard.extract.codes import split_code
from scorecard.extract.errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    ExtractionError,
    NotAPdfError,
    NotAScorecardError,
    TableError,
)
from scorecard.extract.layout import Band, Fill, Line, PageLayout
from scorecard.extract.model import Extraction, Measure, ReportMeta
from scorecard.extract.text import join_lines, join_paragraphs, repair_quotes
from scorecard.extract.values import (
    STATUSES,
    Value,
    measure_unit,
    normalise_space,
    parse_direction,
    parse_status,
    parse_value,
)

REPORT_TITLE = "Council Scorecard"
_PERIOD = re.compile(r"\b(\d{1,2})-([A-Z][a-z]{2})-(\d{4})\b")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_FOOTER_START = re.compile(r"^(?:Data Source|Time Fetched|Report Name)\s*:")
_PAGE_OF_SEGMENT = re.compile(r"^Page \d+ of \d+$")
_PAGE_OF = re.compile(r"\bPage (\d+) of (\d+)\b")
_TIME_FETCHED = re.compile(
    r"Time Fetched\s*:\s*(?:[A-Za-z]+\s+)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})"
)
_DATA_SOURCE = re.compile(r"^Data Source\s*:\s*(.+)$")
_FULL_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
_COLOUR_STATUSES = frozenset({"Red", "Amber", "Green", "Blue"})


@dataclass(slots=True)
class _Row:
    """A measure being assembled from one or more bands (pages)."""

    directorate: str | None
    page: int
    cells: list[list[tuple[int, Line]]] = field(default_factory=lambda: [[] for _ in range(7)])
    fills: list[list[Fill]] = field(default_factory=lambda: [[] for _ in range(7)])
    pages: list[int] = field(default_factory=list)

    def add(self, band: Band, page: int) -> None:
        """Append one band's cells (the row's part on ``page``)."""
        for column, lines in enumerate(band.cells):
            self.cells[column].extend((page, line) for line in lines)
        for column, fill in enumerate(band.fills):
            if fill is not None:
                self.fills[column].append(fill)
        if page not in self.pages and any(band.cells):
            self.pages.append(page)


def extract_report(path: str | Path) -> Extraction:
    """Extract every measure of a scorecard PDF, or raise an ``ExtractionError`` subclass."""
    path = Path(path)
    data = _read(path)
    _check_signature(path, data)
    layouts = _read_layouts(path, data)
    if not any(p.header_lines or p.bands or p.footer_lines for p in layouts):
        raise EmptyPdfError(path, "text on the pages of a scorecard report", detail="no text found")
    meta = _report_meta(path, layouts, hashlib.sha256(data).hexdigest())
    for page in layouts:
        if not page.has_table_header:
            raise TableError(
                path, layout.EXPECTED_HEADER, page=page.number, detail="header row not found"
            )
    _check_page_numbers(path, layouts)
    _check_same_period(path, layouts, _printed_period(meta.period_end))
    rows = _rows(path, layouts)
    pitch = _line_pitch(rows)
    return Extraction(meta, [_measure(path, row, pitch) for row in rows])


def _read(path: Path) -> bytes:
    """The file's bytes (a missing or unreadable file is an extraction error too)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExtractionError(path, "a readable PDF file", detail=exc.strerror or str(exc)) from exc


def _check_signature(path: Path, data: bytes) -> None:
    """Reject files that are not PDFs, and PDFs cut short (no end-of-file marker)."""
    if not data:
        raise EmptyPdfError(path, "a PDF file", detail="the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise NotAPdfError(path, "a PDF file (starting with %PDF-)", detail="this is not a PDF")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPdfError(
            path, "a complete PDF ending in %%EOF", detail="the file is truncated"
        )


@dataclass(frozen=True, slots=True)
class _PageObjects:
    """What pdfplumber parsed from one page: glyphs, drawn lines and rectangles, height."""

    chars: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    rects: list[dict[str, Any]]
    height: float


def _read_layouts(path: Path, data: bytes) -> list[PageLayout]:
    """Read every page's parts (one page parsed at a time, its glyphs released before the next),
    then cut each page into rows with column bounds that may draw on the whole report."""
    parts = [
        _page_parts(path, objects, number)
        for number, objects in enumerate(_read_pages(path, data), 1)
    ]
    if not parts:
        raise EmptyPdfError(path, "at least one page", detail="the PDF has no pages")
    gutter_lines = _gutter_lines(parts)
    return [_page_layout(part, gutter_lines) for part in parts]


def _read_pages(path: Path, data: bytes) -> Iterator[_PageObjects]:
    """Parse the pages with pdfplumber, one by one, mapping pdfminer's failures to our errors.

    Only the parsing is guarded (a generator does not see its consumer's exceptions): a bug in
    our own layout code must not pass for a damaged PDF.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                objects = _PageObjects(page.chars, page.lines, page.rects, float(page.height))
                yield objects
                page.close()
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):  # pdfplumber wraps them
            raise EncryptedPdfError(path, "a PDF without a password", detail="encrypted") from exc
        detail = f"damaged: {type(cause).__name__}: {cause}"
        raise CorruptPdfError(path, "a readable PDF", detail=detail) from exc


@dataclass(slots=True)
class _PageParts:
    """One page split vertically: page header lines, table header, body lines, footer lines."""

    number: int
    lines: list[Line]
    header: tuple[int, int] | None  # index range of the table header lines
    spans: list[tuple[float, float]]
    footer_at: int
    rulings: layout.Rulings
    height: float

    @property
    def body(self) -> list[Line]:
        """The lines between the table header and the footer."""
        return [] if self.header is None else self.lines[self.header[1] + 1 : self.footer_at]

    @property
    def geometry(self) -> tuple[int, ...]:
        """The header labels' positions, rounded: pages alike in this share column bounds."""
        return tuple(round(x) for span in self.spans for x in span)


def _page_parts(path: Path, page: _PageObjects, number: int) -> _PageParts:
    """Group the page's glyphs into lines and find its table header and footer."""
    lines = layout.group_words(page.chars)
    rulings = layout.find_rulings(page.lines, page.rects)
    found = layout.find_header_rows(lines)
    if found is None:
        return _PageParts(number, lines, None, [], len(lines), rulings, page.height)
    spans = layout.header_spans(lines[found[0] : found[1] + 1])
    if spans is None:
        raise TableError(
            path, layout.EXPECTED_HEADER, page=number, detail="a header label is missing"
        )
    footer_at = next(
        (i for i in range(found[1] + 1, len(lines)) if _is_footer(lines[i])), len(lines)
    )
    return _PageParts(number, lines, found, spans, footer_at, rulings, page.height)


def _gutter_lines(parts: list[_PageParts]) -> dict[tuple[int, ...], list[Line]]:
    """Body lines (banners left out) of all pages with the same header geometry: white gutters
    between columns show best over the whole report, not on a sparse page."""
    grouped: dict[tuple[int, ...], list[Line]] = {}
    for part in parts:
        if part.header is not None:
            body = [line for line in part.body if layout.banner_name(line) is None]
            grouped.setdefault(part.geometry, []).extend(body)
    return grouped


def _page_layout(part: _PageParts, gutter_lines: dict[tuple[int, ...], list[Line]]) -> PageLayout:
    """Cut one page's body into row bands and cells."""
    if part.header is None:
        return PageLayout(part.number, part.lines, [], [], has_table_header=False)
    first, last = part.header
    header = part.lines[first : last + 1]
    lines, spans, rulings, body_lines = part.lines, part.spans, part.rulings, part.body
    header_bottom = max(line.bottom for line in header)
    body_bottom = lines[part.footer_at].top - 0.5 if part.footer_at < len(lines) else part.height
    body_top = _body_top(rulings, spans[0], header_bottom, body_lines)
    top = min(line.top for line in header)
    bounds = layout.column_bounds(spans, top, header_bottom, rulings, gutter_lines[part.geometry])
    cuts = layout.merge_cuts(
        layout.row_boundaries(rulings, spans[0], body_top, body_bottom),
        layout.text_boundaries(body_lines, bounds),
    )
    bands = layout.split_bands(body_lines, cuts, bounds, rulings.fills, (body_top, body_bottom))
    return PageLayout(
        part.number, lines[:first], lines[part.footer_at :], bands, has_table_header=True
    )


def _is_footer(line: Line) -> bool:
    """A footer line starts with 'Data Source:', 'Time Fetched:' or 'Report Name:', or has a
    'Page N of M' field of its own (not merely those words inside a commentary line)."""
    return bool(_FOOTER_START.match(line.text)) or any(
        _PAGE_OF_SEGMENT.match(s) for s in line.segments()
    )


def _body_top(
    rulings: layout.Rulings, first_span: tuple[float, float], header_bottom: float, body: list[Line]
) -> float:
    """Top of the table body: the ruling under the header row, or just below its text."""
    limit = body[0].top if body else header_bottom + 50
    under = [
        y
        for y in layout.row_boundaries(rulings, first_span, header_bottom, limit)
        if header_bottom - 1 <= y <= limit
    ]
    return under[0] if under else header_bottom + 0.1


def _report_meta(path: Path, layouts: list[PageLayout], sha256: str) -> ReportMeta:
    """Report metadata from the first page's header and the footers; checks page numbering."""
    first = layouts[0]
    texts = [normalise_space(line.text) for line in first.header_lines]
    title = next((t for t in texts if REPORT_TITLE.lower() in t.lower()), None)
    if title is None:
        raise NotAScorecardError(
            path,
            "the page header 'Improvement Report - Council Scorecard'",
            page=1,
            detail="another document",
        )
    council = next((t for t in texts if t != title and re.search(r"\bCouncil\b", t)), None)
    period = next((m for t in texts if (m := _PERIOD.search(t))), None)
    if council is None or period is None:
        raise NotAScorecardError(
            path, "the council name and period end (DD-Mon-YYYY) in the page header", page=1
        )
    period_end = _period_end(path, period)
    footer = [normalise_space(line.text) for page in layouts for line in page.footer_lines]
    segments = [s for page in layouts for line in page.footer_lines for s in line.segments()]
    return ReportMeta(
        council=council,
        report_name=title,
        period_end=period_end.isoformat(),
        financial_year=_financial_year(period_end),
        quarter=(period_end.month - 4) % 12 // 3 + 1,
        time_fetched=_time_fetched(footer),
        data_source=next(
            (m.group(1).strip() for s in segments if (m := _DATA_SOURCE.match(s))), None
        ),
        page_count=len(layouts),
        source_sha256=sha256,
    )


def _period_end(path: Path, match: re.Match[str]) -> date:
    """The period end date from its printed form (31-Mar-2018)."""
    day, month, year = match.groups()
    if month not in _MONTHS:
        raise NotAScorecardError(
            path, "a period end such as 31-Mar-2018", page=1, detail=match.group(0)
        )
    return date(int(year), _MONTHS[month], int(day))


def _financial_year(period_end: date) -> str:
    """The April-March financial year a period end falls in ("2017/18")."""
    start = period_end.year if period_end.month >= 4 else period_end.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _time_fetched(footer: list[str]) -> str | None:
    """ISO timestamp of 'Time Fetched: Monday 4 June 2018 12:07:08'."""
    for text in footer:
        match = _TIME_FETCHED.search(text)
        if match and match.group(2) in _FULL_MONTHS:
            day, month, year, hh, mm, ss = match.groups()
            return f"{year}-{_FULL_MONTHS[month]:02d}-{int(day):02d}T{int(hh):02d}:{mm}:{ss}"
    return None


def _check_page_numbers(path: Path, layouts: list[PageLayout]) -> None:
    """'Page N of M' footers must agree with the file: a missing page means a damaged PDF."""
    for page in layouts:
        for line in page.footer_lines:
            match = _PAGE_OF.search(line.text)
            if match and (
                int(match.group(1)) != page.number or int(match.group(2)) != len(layouts)
            ):
                raise CorruptPdfError(
                    path,
                    f"page {page.number} of {len(layouts)}",
                    page=page.number,
                    detail=f"its footer says {match.group(0)}: pages are missing",
                )


def _printed_period(iso: str) -> str:
    """A period end as the page header prints it (2018-03-31 -> 31-Mar-2018)."""
    day = date.fromisoformat(iso)
    month = next(name for name, number in _MONTHS.items() if number == day.month)
    return f"{day.day:02d}-{month}-{day.year}"  # not strftime: %b follows the locale


def _check_same_period(path: Path, layouts: list[PageLayout], printed: str) -> None:
    """Every page header names the same period end: pages of two reports joined are rejected."""
    for page in layouts[1:]:
        found = {m.group(0) for line in page.header_lines for m in _PERIOD.finditer(line.text)}
        if found and printed not in found:
            raise NotAScorecardError(
                path,
                f"the period end {printed} in the page header, as on page 1",
                page=page.number,
                detail=f"found {', '.join(sorted(found))}: pages of another report",
            )


def _rows(path: Path, layouts: list[PageLayout]) -> list[_Row]:
    """Walk the bands in order: banners set the directorate, coded rows start measures, and a
    row at the top of a page without a code continues the previous page's last measure."""
    rows: list[_Row] = []
    directorate: str | None = None
    for page in layouts:
        for index, band in enumerate(page.bands):
            if band.banner is not None:
                directorate = band.banner
                continue
            details = join_lines(line.text for line in band.cells[0])
            if normalise_space(details) == "Measure Details":
                continue  # the table header repeated inside the body
            if details and split_code(details) is not None:
                rows.append(_Row(directorate, page.number))
            elif not (index == 0 and rows):
                raise TableError(
                    path,
                    "a measure code (such as 'CP 08f') at the start of the Measure Details cell",
                    page=page.number,
                    detail=f"found {details[:60]!r}" if details else "the cell is empty",
                )
            rows[-1].add(band, page.number)
    return rows


def _line_pitch(rows: list[_Row]) -> float:
    """Typical line step of the commentary, in ems (lower quartile of consecutive steps)."""
    steps = [
        (b.top - a.top) / a.size
        for row in rows
        for column in row.cells[4:]
        for (pa, a), (pb, b) in itertools.pairwise(column)
        if pa == pb and a.size > 0 and b.top - a.top > 0
    ]
    if len(steps) < 4:
        return min(steps, default=1.2)
    return quantiles(steps, n=4)[0]


def _paragraphs(lines: list[tuple[int, Line]], pitch: float) -> list[list[str]]:
    """Group a cell's lines into paragraphs: a step clearly larger than the line pitch (a blank
    line) starts a new one; a page break continues the paragraph."""
    paragraphs: list[list[str]] = []
    previous: tuple[int, Line] | None = None
    for page, line in lines:
        if previous is None or (
            page == previous[0] and line.top - previous[1].top > 1.45 * pitch * previous[1].size
        ):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        previous = (page, line)
    return paragraphs


def _measure(path: Path, row: _Row, pitch: float) -> Measure:
    """Parse the assembled cells of one row into a Measure."""
    details = repair_quotes(join_lines(line.text for _, line in row.cells[0]))
    split = split_code(details)
    if split is None:  # pragma: no cover - _rows only starts rows at a code
        raise TableError(path, "a measure code", page=row.page)
    code, title = split
    q_status, q_target, q_actual = _status_cell(path, row, 1, code)
    f_status, f_target, f_actual = _status_cell(path, row, 2, code)
    try:
        direction = parse_direction(join_lines(line.text for _, line in row.cells[3]))
    except ValueError as exc:
        raise TableError(
            path, "Improving, Deteriorating or N/A", page=row.page, detail=f"{code}: {exc}"
        ) from exc
    texts = [join_paragraphs(_paragraphs(row.cells[c], pitch)) for c in (4, 5, 6)]
    return Measure(
        directorate=row.directorate,
        measure_code=code,
        measure_title=title,
        quarterly_status=q_status,
        forecast_status=f_status,
        quarterly_target_text=q_target.text,
        quarterly_actual_text=q_actual.text,
        forecast_target_text=f_target.text,
        forecast_actual_text=f_actual.text,
        quarterly_target=q_target.number,
        quarterly_actual=q_actual.number,
        forecast_target=f_target.number,
        forecast_actual=f_actual.number,
        unit=measure_unit([q_target, q_actual, f_target, f_actual]),
        direction_of_travel=direction,
        context=texts[0],
        improvement_actions=texts[1],
        intervention_review=texts[2],
        pages=row.pages,
    )


def _status_cell(path: Path, row: _Row, column: int, code: str) -> tuple[str | None, Value, Value]:
    """Status label, target and actual of a 'Quarterly' or 'Forecast' cell.

    The cell reads: label, '<Quarterly|Forecast> data', 'Target' value, 'Actual' value; values
    may wrap over lines (``On / Track``, ``13.5 / per 100,000 / population``). The cell's fill
    colour must agree with a Red/Amber/Green/Blue label.
    """
    tokens = [w.text for _, line in row.cells[column] for w in line.words]
    marker = next(
        (
            i
            for i in range(1, len(tokens))
            if tokens[i].lower() == "data" and tokens[i - 1] in ("Quarterly", "Forecast")
        ),
        None,
    )
    target_at = next(
        (i for i, t in enumerate(tokens) if t == "Target" and (marker is None or i > marker)), None
    )
    label_end = (
        marker - 1 if marker is not None else (target_at if target_at is not None else len(tokens))
    )
    label = " ".join(tokens[:label_end])
    try:
        status = parse_status(label)
    except ValueError as exc:
        expected = "a status label (" + ", ".join(STATUSES) + ")"
        raise TableError(path, expected, page=row.page, detail=f"{code}: {exc}") from exc
    _check_fill(path, row, column, code, status)
    if target_at is None:
        rest = tokens[label_end + (2 if marker is not None else 0) :]
        if rest:
            raise TableError(
                path,
                "'Target' and 'Actual' values",
                page=row.page,
                detail=f"{code}: {' '.join(rest)!r}",
            )
        return status, parse_value(None), parse_value(None)
    actual_at = next(
        (i for i in range(target_at + 1, len(tokens)) if tokens[i] == "Actual"), len(tokens)
    )
    target = parse_value(" ".join(tokens[target_at + 1 : actual_at]))
    actual = parse_value(" ".join(tokens[actual_at + 1 :]))
    return status, target, actual


def _check_fill(path: Path, row: _Row, column: int, code: str, status: str | None) -> None:
    """Cross-check a colour label against the cell's fill (a Red label on a green cell is an error)."""
    colours = {
        name for fill in row.fills[column] if (name := layout.colour_name(fill.rgb))
    } & _COLOUR_STATUSES
    if status in _COLOUR_STATUSES and colours and status not in colours:
        raise TableError(
            path,
            f"a status cell whose colour matches its label {status!r}",
            page=row.page,
            detail=f"{code}: the cell is filled {'/'.join(sorted(colours))}",
        )
