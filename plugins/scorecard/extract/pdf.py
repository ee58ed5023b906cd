"""Opening a scorecard PDF: the file checks and pdfplumber's parse, one page at a time.

Every failure here is a typed error naming the file: not a PDF, truncated, damaged,
password-protected. Only the parsing is guarded, so a bug in the layout code downstream is
never mistaken for a damaged PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.extract.errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    ExtractionError,
    NotAPdfError,
)

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
"""A PDF carries ``%PDF-`` within its first KiB (PDF readers allow a little leading junk)."""


def looks_like_pdf(head: bytes) -> bool:
    """Whether a file's first bytes carry the PDF header (what fetch and extract both check)."""
    return PDF_MAGIC in head[:MAGIC_WINDOW]


@dataclass(frozen=True, slots=True)
class PageObjects:
    """What pdfplumber parsed from one page (after its /Rotate): glyphs, lines, rectangles."""

    chars: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    rects: list[dict[str, Any]]
    width: float
    height: float


def read_bytes(path: Path) -> bytes:
    """The file's bytes, checked to be a complete PDF (typed errors otherwise)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(path, "a readable PDF file", detail=exc.strerror or str(exc)) from exc
    if not data:
        raise EmptyPdfError(path, "a PDF file", detail="the file is empty")
    if not looks_like_pdf(data):
        raise NotAPdfError(path, "a PDF file (starting with %PDF-)", detail="this is not a PDF")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPdfError(
            path, "a complete PDF ending in %%EOF", detail="the file is truncated"
        )
    return data


def read_pages(path: Path, data: bytes) -> Iterator[PageObjects]:
    """Parse the pages with pdfplumber, one by one, mapping pdfminer's failures to our errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                objects = PageObjects(
                    page.chars, page.lines, page.rects, float(page.width), float(page.height)
                )
                yield objects
                page.close()
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):  # pdfplumber wraps them
            raise EncryptedPdfError(path, "a PDF without a password", detail="encrypted") from exc
        detail = f"damaged: {type(cause).__name__}: {cause}"
        raise CorruptPdfError(path, "a readable PDF", detail=detail) from exc
