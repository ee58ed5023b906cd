"""Bad input gets a typed error naming the file, the page and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from samplekit import REAL_SAMPLE
from tests.extract.pdfs import Row, measure, scorecard_pdf

from scorecard.extract import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    ExtractionError,
    NotAPdfError,
    NotAScorecardError,
    TableError,
    extract_report,
)

NO_PAGES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def _raises(
    path: Path, error: type[ExtractionError], page: int | None, message: str
) -> ExtractionError:
    """Extract ``path`` expecting ``error`` on ``page`` with ``message`` in its one-line text."""
    with pytest.raises(error) as caught:
        extract_report(path)
    exc = caught.value
    assert exc.path == str(path)
    assert exc.page == page
    assert exc.expected
    text = str(exc)
    assert "\n" not in text
    assert text.startswith(str(path) + (f": page {page}:" if page else ":"))
    assert re.search(message, text), text
    return exc


def test_text_file_named_pdf(tmp_path: Path) -> None:
    """A text file with a .pdf name is not a PDF."""
    path = tmp_path / "notes.pdf"
    path.write_text("Improvement Report - Council Scorecard\nnot really a PDF\n")
    _raises(path, NotAPdfError, None, r"expected a PDF file .*not a PDF")


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is reported, not a traceback."""
    _raises(tmp_path / "absent.pdf", ExtractionError, None, r"expected a readable PDF file")


def test_zero_byte_file(tmp_path: Path) -> None:
    """An empty file is an empty PDF."""
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _raises(path, EmptyPdfError, None, r"the file is empty")


def test_truncated_copy(tmp_path: Path) -> None:
    """A download cut short (no end-of-file marker) is never read partially."""
    path = tmp_path / "truncated.pdf"
    data = REAL_SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    _raises(path, CorruptPdfError, None, r"expected a complete PDF ending in %%EOF .*truncated")


def test_damaged_body(tmp_path: Path) -> None:
    """A PDF whose objects are garbage (but that ends properly) is a damaged PDF."""
    path = tmp_path / "damaged.pdf"
    data = REAL_SAMPLE.read_bytes()
    path.write_bytes(data[:9] + b"\x00" * (len(data) - 200) + data[-191:])
    with pytest.raises((CorruptPdfError, EmptyPdfError)) as caught:
        extract_report(path)
    assert str(path) in str(caught.value)


def test_encrypted_copy(tmp_path: Path) -> None:
    """A password-protected PDF (reportlab's encryption; no pypdf/pikepdf in the venv)."""
    path = scorecard_pdf(
        tmp_path / "locked.pdf", [[measure("HR PM12b", "Staff turnover")]], encrypt="secret"
    )
    _raises(path, EncryptedPdfError, None, r"expected a PDF without a password")


def test_pdf_without_pages(tmp_path: Path) -> None:
    """A PDF with no pages at all."""
    path = tmp_path / "nopages.pdf"
    path.write_bytes(NO_PAGES)
    _raises(path, EmptyPdfError, None, r"expected at least one page")


def test_pdf_without_text(tmp_path: Path) -> None:
    """A PDF whose pages carry no text (e.g. a scan)."""
    path = tmp_path / "blank.pdf"
    canvas = Canvas(str(path))
    canvas.rect(100, 100, 200, 200)
    canvas.showPage()
    canvas.save()
    _raises(path, EmptyPdfError, None, r"expected text on the pages")


def test_other_report(tmp_path: Path) -> None:
    """A PDF of some other report has no scorecard page header."""
    path = scorecard_pdf(
        tmp_path / "budget.pdf",
        [[measure("HR PM12b", "Staff turnover")]],
        title="Revenue Budget Monitoring 2017/18",
    )
    _raises(
        path,
        NotAScorecardError,
        1,
        r"expected the page header naming the report \('Council Scorecard', layout profile 'derby'\)",
    )


def test_table_rows_before_any_table_header(tmp_path: Path) -> None:
    """Table rows on a page with no header and no table before it cannot be read."""
    rows: list[Row | str] = [measure("HR PM12b", "Staff turnover")]
    path = scorecard_pdf(tmp_path / "noheader.pdf", [rows, rows], table_header=[False, True])
    _raises(
        path,
        TableError,
        1,
        r"expected the table header row \(Measure Details \| Quarterly Target Status"
        r".*table rows but no header row",
    )


def test_measure_without_code(tmp_path: Path) -> None:
    """A row (not a page-break continuation) whose Measure Details cell has no code."""
    path = scorecard_pdf(
        tmp_path / "nocode.pdf",
        [[measure("HR PM12b", "Staff turnover"), measure("Staff", "sickness absence")]],
    )
    _raises(path, TableError, 1, r"expected a measure code .* \(found 'Staff sickness absence'\)")


def test_status_colour_contradicts_label(tmp_path: Path) -> None:
    """A 'Red' label in a green cell is a table we cannot trust."""
    row = measure("HR PM12b", "Staff turnover")
    row.fills = ("Green", "Red")
    path = scorecard_pdf(tmp_path / "colour.pdf", [[row]])
    _raises(
        path,
        TableError,
        1,
        r"colour matches its label 'Red' \(HR PM12b: the cell is filled Green\)",
    )


def test_unknown_status_label(tmp_path: Path) -> None:
    """A status that is not one of the report's labels."""
    row = measure(
        "HR PM12b", "Staff turnover", quarterly=["Purple", "Quarterly data", "Target 1", "Actual 2"]
    )
    path = scorecard_pdf(tmp_path / "purple.pdf", [[row]])
    _raises(
        path,
        TableError,
        1,
        r"expected a status that layout profile 'derby' declares \(Red, Amber.*HR PM12b: 'Purple'; "
        r"add it to statuses in profiles/derby.yml",
    )


def test_missing_pages(tmp_path: Path) -> None:
    """Footers that say 'Page 1 of 3' in a two-page file mean pages are missing."""
    rows: list[Row | str] = [measure("HR PM12b", "Staff turnover")]
    path = scorecard_pdf(tmp_path / "short.pdf", [rows, rows], stated_pages=3)
    _raises(path, CorruptPdfError, 1, r"expected page 1 of 2 \(its footer says Page 1 of 3")


def test_pages_of_another_period(tmp_path: Path) -> None:
    """Pages of two reports joined into one file are rejected, naming the odd page."""
    rows: list[Row | str] = [measure("HR PM12b", "Staff turnover")]
    path = scorecard_pdf(
        tmp_path / "joined.pdf", [rows, rows], periods=["31-Mar-2018", "31-Dec-2017"]
    )
    _raises(path, NotAScorecardError, 2, r"expected the period end 31-Mar-2018 .*found 31-Dec-2017")
